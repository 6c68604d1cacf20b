package actions

import (
	"context"
	"fmt"
	"net/http"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Planner is implemented by every action whose Spec has side effects. In a
// plan the engine calls Plan instead of Run. Plan may read S3 and local
// files but changes nothing. It returns the output that Run would return,
// with the same shape, plus the Changes that Run would make.
type Planner interface {
	Plan(ctx context.Context, call *Call) (*Result, error)
}

type readOnlyKey struct{}

// WithReadOnly marks a context as belonging to a plan. Every S3 client that
// a Connector builds then rejects requests that could change state, as a
// second line of defence behind the engine calling Plan instead of Run.
func WithReadOnly(ctx context.Context) context.Context {
	return context.WithValue(ctx, readOnlyKey{}, true)
}

// IsReadOnly reports whether ctx was marked with WithReadOnly.
func IsReadOnly(ctx context.Context) bool {
	v, _ := ctx.Value(readOnlyKey{}).(bool)
	return v
}

// ReadOnlyError is returned for a request that a read-only context
// rejected before it was sent.
type ReadOnlyError struct {
	Operation string
	Method    string
}

// Error names the operation and the HTTP method that was not sent.
func (e *ReadOnlyError) Error() string {
	return fmt.Sprintf("a plan sends no state-changing request, so %s (HTTP %s) was not sent; "+
		"this is a bug in the action's Plan method", e.Operation, e.Method)
}

// addReadOnlyGuard rejects every S3 request other than GET and HEAD when the
// context is read-only. Every S3 operation that changes state uses PUT, POST
// or DELETE, so the guard needs no list of operations. It runs in the build
// step, before signing and retries, so a rejected request is never sent.
func addReadOnlyGuard(stack *middleware.Stack) error {
	return stack.Build.Add(middleware.BuildMiddlewareFunc("s3play-read-only-guard",
		func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (
			middleware.BuildOutput, middleware.Metadata, error) {
			req, ok := in.Request.(*smithyhttp.Request)
			if IsReadOnly(ctx) && (!ok || !isReadMethod(req.Method)) {
				method := "unknown"
				if ok {
					method = req.Method
				}
				err := &ReadOnlyError{Operation: middleware.GetOperationName(ctx), Method: method}
				return middleware.BuildOutput{}, middleware.Metadata{}, err
			}
			return next.HandleBuild(ctx, in)
		}), middleware.After)
}

func isReadMethod(method string) bool {
	return method == http.MethodGet || method == http.MethodHead
}
