package actions

import (
	"fmt"
	"runtime/debug"
)

// PanicError is a panic caught in an action, turned into an error so one
// bad item fails its step instead of killing the process mid-delete.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("internal error: %v; this is a bug in s3play, please report it with the run record", e.Value)
}

// Recover runs fn and returns a panic inside it as a *PanicError.
func Recover(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	return fn()
}

// guarded wraps a worker function for errgroup.Go, because a panic in a worker
// goroutine cannot be recovered anywhere else.
func guarded(fn func() error) func() error {
	return func() error { return Recover(fn) }
}
