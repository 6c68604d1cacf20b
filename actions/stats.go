package actions

import (
	"context"
	"sync/atomic"

	"github.com/aws/smithy-go/middleware"
)

// Stats counts API calls and retries. The engine attaches one per step
// with WithStats; every client built by a Connector updates it.
type Stats struct {
	Calls atomic.Int64 // operations started
	// Repeats counts the attempts after the first of each operation. It is
	// counted per operation because one canceled before its first attempt
	// makes no attempt at all.
	Repeats atomic.Int64
	// Resends counts DeleteObjects requests sent again for keys that a 200
	// reply listed with a transient error code.
	Resends atomic.Int64
}

// Retries is the number of attempts beyond the first of each call, plus
// the DeleteObjects requests that sent keys again.
func (s *Stats) Retries() int64 {
	return s.Repeats.Load() + s.Resends.Load()
}

type statsKey struct{}

// attemptsKey holds the attempt counter of one operation.
type attemptsKey struct{}

// WithStats attaches counters to a context.
func WithStats(ctx context.Context, s *Stats) context.Context {
	return context.WithValue(ctx, statsKey{}, s)
}

func statsFrom(ctx context.Context) *Stats {
	s, _ := ctx.Value(statsKey{}).(*Stats)
	return s
}

// addCallCounter counts each operation once in the Initialize step and each
// attempt in the Finalize step after the SDK's retry middleware. Every
// attempt of an operation after its first is a retry.
func addCallCounter(stack *middleware.Stack) error {
	err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("s3play-count-call",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
			middleware.InitializeOutput, middleware.Metadata, error) {
			if s := statsFrom(ctx); s != nil {
				s.Calls.Add(1)
				ctx = context.WithValue(ctx, attemptsKey{}, new(atomic.Int64))
			}
			return next.HandleInitialize(ctx, in)
		}), middleware.Before)
	if err != nil {
		return err
	}
	return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("s3play-count-attempt",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
			middleware.FinalizeOutput, middleware.Metadata, error) {
			if s := statsFrom(ctx); s != nil {
				n, _ := ctx.Value(attemptsKey{}).(*atomic.Int64)
				if n != nil && n.Add(1) > 1 && !followsRedirect(ctx) {
					s.Repeats.Add(1)
				}
			}
			return next.HandleFinalize(ctx, in)
		}), "Retry", middleware.After)
}
