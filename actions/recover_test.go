package actions

import (
	"errors"
	"testing"
)

func TestRecoverTurnsPanicIntoError(t *testing.T) {
	err := Recover(func() error {
		var m map[string]int
		m["x"] = 1 // writing to a nil map panics
		return nil
	})
	var p *PanicError
	if !errors.As(err, &p) {
		t.Fatalf("error = %v, want a *PanicError", err)
	}
	if len(p.Stack) == 0 {
		t.Error("the stack of the panic was not kept")
	}
	if got := NewFailure("Delete Buckets", "b", err).StatusCode; got != CodeInternal {
		t.Errorf("status code = %q, want %q", got, CodeInternal)
	}
}

func TestRecoverPassesErrorsThrough(t *testing.T) {
	want := errors.New("plain failure")
	if err := Recover(func() error { return want }); err != want {
		t.Errorf("error = %v, want %v", err, want)
	}
}
