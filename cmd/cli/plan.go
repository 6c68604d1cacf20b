package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/s3play/s3play/engine"
)

// planOptions are the flags of `s3play plan`.
type planOptions struct {
	inputs  []string
	out     string
	sandbox bool
}

func (a *app) planCommand() *cobra.Command {
	var opts planOptions
	cmd := &cobra.Command{
		Use:   "plan PLAYBOOK",
		Short: "Show what a playbook would change, without changing anything",
		Long: "Make a plan: run every read-only step for real and, for each state-changing " +
			"step, show what it would change (objects, versions, delete markers, uploads and " +
			"bytes per bucket; buckets; policy and public access block differences) with a " +
			"predicted output, so later steps still evaluate. No state-changing request is " +
			"sent and no local file is written. `s3play run --dry-run` does the same. The " +
			"exit code is the one the predicted run would have.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.plan(cmd.Context(), args[0], opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&opts.inputs, "input", "i", nil, "input value as NAME=VALUE (repeatable)")
	// pflag takes a back-quoted word in the usage text as the value's name,
	// so the usage names the FILE value first.
	f.StringVar(&opts.out, "out", "", "also write the plan as JSON to this `FILE`; "+
		"s3play run --plan FILE runs it only while it still matches")
	f.BoolVar(&opts.sandbox, "sandbox", false,
		"plan against an in-process sandbox S3 server with demo data instead of AWS")
	return cmd
}

func (a *app) plan(ctx context.Context, file string, opts planOptions) error {
	if err := checkRecordPath(opts.out, file); err != nil {
		return err
	}
	pb, inputs, err := loadPlaybook(file, opts.inputs)
	if err != nil {
		return err
	}
	runner, cleanup, err := a.newRunner(ctx, opts.sandbox)
	if err != nil {
		return err
	}
	defer cleanup()

	rec := planQuietly(ctx, runner, pb, inputs)
	if a.output == formatJSON {
		err = writeJSON(a.stdout, rec)
	} else {
		printPlan(a.stdout, rec)
	}
	if err != nil {
		return err
	}
	if err := a.writeRecordFile(opts.out, rec); err != nil {
		return err
	}
	a.code = runExitCode(rec.Status)
	return nil
}

// planQuietly makes a plan without printing a line per step as it
// finishes, because a plan is printed as a whole once it is complete.
func planQuietly(ctx context.Context, runner *engine.Runner, pb *engine.Playbook,
	inputs map[string]any) *engine.Record {
	if p, ok := runner.Observer.(*printer); ok {
		p.quiet = true
		defer func() { p.quiet = false }()
	}
	return runner.Plan(ctx, pb, inputs)
}
