package cli

import (
	"context"
	"errors"
	"io"
	"testing"
)

func TestReadAnswerInterrupted(t *testing.T) {
	// A pipe without a writer blocks like a terminal waiting for input.
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := readAnswer(ctx, r)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if code := exitCode(err); code != ExitCanceled {
		t.Errorf("exit code = %d, want %d", code, ExitCanceled)
	}
}

func TestReadAnswerLine(t *testing.T) {
	r, w := io.Pipe()
	go func() { _, _ = io.WriteString(w, "yes\n") }()
	answer, err := readAnswer(context.Background(), r)
	if err != nil || answer != "yes\n" {
		t.Errorf("answer = %q, %v; want \"yes\\n\"", answer, err)
	}
}
