package refs

import (
	"errors"
	"fmt"
)

// ErrNoMatch is the error that Get and Eval wrap when a path matches nothing.
// Test for it with errors.Is.
var ErrNoMatch = errors.New("path matches nothing")

// NoMatchError reports a path that matches nothing and where the walk
// through the document stopped.
type NoMatchError struct {
	Path   string // the path as written
	Reason string // for example `$.steps.x.output has no key "Missing"`
}

func (e *NoMatchError) Error() string {
	return fmt.Sprintf("path %s matches nothing: %s", e.Path, e.Reason)
}

// Is makes errors.Is(err, ErrNoMatch) true.
func (e *NoMatchError) Is(target error) bool { return target == ErrNoMatch }

// SyntaxError reports a malformed reference, path or default value.
type SyntaxError struct {
	Offset  int    // byte offset of the problem in the string that was parsed
	Message string // what is wrong, and how to fix it where that is clear
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s (at offset %d)", e.Message, e.Offset)
}

func syntaxErrorf(offset int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Offset: offset, Message: fmt.Sprintf(format, args...)}
}

// shiftError moves the offset of a SyntaxError by delta, for an error found
// in a part of a larger string. Other errors pass through.
func shiftError(err error, delta int) error {
	var se *SyntaxError
	if errors.As(err, &se) {
		return &SyntaxError{Offset: se.Offset + delta, Message: se.Message}
	}
	return err
}
