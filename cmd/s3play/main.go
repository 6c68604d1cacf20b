// Command s3play runs declarative YAML playbooks against Amazon S3 and
// S3-compatible servers.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/s3play/s3play/cmd/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
