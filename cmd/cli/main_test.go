package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/s3play/s3play/history"
)

// envRunAsMain makes the test binary act as the s3play command, with the
// signal handling of cmd/s3play, so a test can send it SIGTERM.
const envRunAsMain = "S3PLAY_TEST_RUN_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envRunAsMain) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := Execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	// Runs record themselves in the history; keep the tests' records out
	// of the developer's state folder.
	dir, err := os.MkdirTemp("", "s3play-cli-test-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_ = os.Setenv(history.EnvState, dir)
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}
