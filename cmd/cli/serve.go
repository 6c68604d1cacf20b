package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/internal/sandbox"
	"github.com/s3play/s3play/serve"
)

// defaultServeListen is the loopback address of serve's HTTP endpoints.
const defaultServeListen = "127.0.0.1:9310"

// serveOptions are the flags of `s3play serve`.
type serveOptions struct {
	folder      string
	listen      string
	sandbox     bool
	keepHistory string
}

func (a *app) serveCommand() *cobra.Command {
	var opts serveOptions
	cmd := &cobra.Command{
		Use:   "serve --playbooks FOLDER",
		Short: "Run the playbooks of a folder on their schedules",
		Long: "Run every playbook with a schedule in FOLDER on that schedule, with the same " +
			"engine as `s3play run`, and record each run in the history. Scheduled runs do " +
			"not ask for confirmation: putting a playbook in the folder approves it. A run " +
			"never starts while the playbook's previous run is still going; that run is " +
			"recorded as skipped. Logs are JSON lines on stderr. /healthz, /metrics " +
			"(Prometheus) and /runs are served on a loopback address. SIGINT or SIGTERM " +
			"cancels the runs going on, records them as Canceled and exits with 0.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.serve(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.folder, "playbooks", "", "folder of the playbooks to schedule (*.yaml, *.yml)")
	f.StringVar(&opts.listen, "listen", defaultServeListen,
		"loopback address and port of the HTTP endpoints; other addresses are rejected")
	f.BoolVar(&opts.sandbox, "sandbox", false,
		"run against an in-process sandbox S3 server with demo data instead of AWS")
	f.StringVar(&opts.keepHistory, "keep-history", "",
		"after each run, delete the runs and skips that serve recorded and that started "+
			"longer ago than this age, in days (90d) or as a Go duration; runs of "+
			"`s3play run` are kept; empty keeps every entry")
	_ = cmd.MarkFlagRequired("playbooks")
	return cmd
}

func (a *app) serve(ctx context.Context, opts serveOptions) error {
	if _, err := serve.CheckListen(opts.listen); err != nil {
		return usage(err)
	}
	var keep time.Duration
	if opts.keepHistory != "" {
		var err error
		if keep, err = parseAge(opts.keepHistory); err != nil {
			return usage(fmt.Errorf("invalid --keep-history: %w", err))
		}
	}
	log := newServeLogger(a.stderr)
	folder, err := loadServeFolder(opts.folder, log)
	if err != nil {
		return err
	}

	newRunner, cleanup, err := a.serveRunners(ctx, opts.sandbox)
	if err != nil {
		return err
	}
	defer cleanup()
	store, err := a.openHistory(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	store.Secrets = append(store.Secrets, runnerSecrets(ctx, newRunner())...)

	srv, err := serve.Start(ctx, serve.Config{Folder: folder, Listen: opts.listen,
		Store: store, NewRunner: newRunner, Log: log, KeepHistory: keep})
	if err != nil {
		return err
	}
	return srv.Wait()
}

// loadServeFolder loads the playbooks and logs those left out. A folder
// with nothing to schedule is a usage error.
func loadServeFolder(dir string, log *slog.Logger) (*serve.Folder, error) {
	folder, err := serve.LoadFolder(dir)
	if err != nil {
		return nil, usage(err)
	}
	folder.LogProblems(log)
	if len(folder.Jobs) == 0 {
		return nil, usage(nothingToSchedule(dir, folder))
	}
	return folder, nil
}

// nothingToSchedule returns the error for a folder with no playbook to
// schedule. It names the cause: the folder has no playbook file, or each
// one was rejected or has no schedule.
func nothingToSchedule(dir string, folder *serve.Folder) error {
	invalid, unscheduled := len(folder.Invalid), len(folder.Unscheduled)
	addSchedule := "add `schedule: \"@hourly\"` or a cron expression to a playbook"
	switch {
	case invalid == 0 && unscheduled == 0:
		return fmt.Errorf("no playbook to schedule in %s: the folder has no .yaml or .yml file", dir)
	case invalid == 0:
		return fmt.Errorf("no playbook to schedule in %s: %d without a schedule; %s",
			dir, unscheduled, addSchedule)
	case unscheduled == 0:
		return fmt.Errorf("no playbook to schedule in %s: %d rejected, see the errors above; "+
			"fix them", dir, invalid)
	}
	return fmt.Errorf("no playbook to schedule in %s: %d rejected, see the errors above, "+
		"and %d without a schedule; fix the errors, or %s", dir, invalid, unscheduled, addSchedule)
}

// serveRunners returns a function that builds one runner per scheduled
// run, each with a fresh connector so that credentials files changed while
// serve runs are read again. With sandbox, one sandbox serves every run
// until cleanup.
func (a *app) serveRunners(ctx context.Context, withSandbox bool) (func() *engine.Runner, func(), error) {
	if err := a.checkOverrides(); err != nil {
		return nil, nil, err
	}
	env, err := envSettings()
	if err != nil {
		return nil, nil, err
	}
	flags := a.overrides()
	newRunner := func() *engine.Runner {
		return &engine.Runner{Conn: actions.NewConnector(), Env: env, Flags: flags}
	}
	if !withSandbox {
		if err := a.checkProfile(ctx); err != nil {
			return nil, nil, err
		}
		return newRunner, func() {}, nil
	}
	sb, err := sandbox.Start(ctx, "127.0.0.1:0", sandbox.WithLogger(newServeLogger(a.stderr)))
	if err != nil {
		return nil, nil, fmt.Errorf("start sandbox: %w", err)
	}
	endpoint, noProfile := sb.Endpoint, ""
	env.Region = sb.Region
	flags.EndpointURL, flags.STSEndpointURL, flags.Profile = &endpoint, &endpoint, &noProfile
	return func() *engine.Runner {
		r := newRunner()
		r.Conn.Credentials = sb.Credentials()
		return r
	}, func() { _ = sb.Close() }, nil
}

// newServeLogger logs JSON lines at info level, or debug with
// S3PLAY_DEBUG set, because serve runs unattended and its logs are read
// by log collectors.
func newServeLogger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if os.Getenv("S3PLAY_DEBUG") != "" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
