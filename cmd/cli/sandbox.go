package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/internal/sandbox"
)

func (a *app) sandboxCommand() *cobra.Command {
	var listen string
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve a rehearsal S3 endpoint with demo data on 127.0.0.1",
		Long: "Serve an in-memory S3-compatible endpoint (with STS) on loopback, seeded with demo " +
			"buckets, until interrupted. Nothing is kept after it stops.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.serveSandbox(cmd.Context(), listen)
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:9000", "loopback address and port to listen on")
	return cmd
}

func (a *app) serveSandbox(ctx context.Context, listen string) error {
	sb, err := sandbox.Start(ctx, listen, sandbox.WithLogger(newLogger(a.stderr)))
	if err != nil {
		return usage(fmt.Errorf("start sandbox: %w", err))
	}
	defer sb.Close()
	fmt.Fprintf(a.stdout, "sandbox S3 endpoint: %s\n\ndemo buckets:\n", sb.Endpoint)
	for _, b := range sb.Buckets() {
		fmt.Fprintf(a.stdout, "  %-12s %s\n", b.Name, b.Description)
	}
	fmt.Fprintf(a.stdout, "\nto use it from another shell:\n"+
		"  export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_REGION=%s\n"+
		"  s3play run --endpoint-url %s --sts-endpoint-url %s playbooks/demo.yaml\n\n"+
		"press Ctrl-C to stop\n", sb.AccessKey, sb.SecretKey, sb.Region, sb.Endpoint, sb.Endpoint)
	<-ctx.Done()
	return nil
}

// attachSandbox starts an in-process sandbox and points the runner at it.
func (a *app) attachSandbox(ctx context.Context, runner *engine.Runner) (*engine.Runner, func(), error) {
	sb, err := sandbox.Start(ctx, "127.0.0.1:0", sandbox.WithLogger(runner.Log))
	if err != nil {
		return nil, nil, fmt.Errorf("start sandbox: %w", err)
	}
	// The sandbox endpoint is set at the command-line layer, above the
	// playbook's connection block, so a playbook cannot send the sandbox's
	// credentials anywhere else. Steps cannot set endpoints.
	endpoint, noProfile := sb.Endpoint, ""
	runner.Conn.Credentials = sb.Credentials()
	runner.Env.Region = sb.Region
	runner.Flags.EndpointURL, runner.Flags.STSEndpointURL = &endpoint, &endpoint
	runner.Flags.Profile = &noProfile
	return runner, func() { _ = sb.Close() }, nil
}
