package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// runOptions are the flags of `s3play run`.
type runOptions struct {
	inputs   []string
	yes      bool
	record   string
	sandbox  bool
	dryRun   bool
	planFile string
}

func (a *app) runCommand() *cobra.Command {
	var opts runOptions
	cmd := &cobra.Command{
		Use:   "run PLAYBOOK",
		Short: "Run a playbook",
		Long: "Run a playbook. A playbook with state-changing steps shows its plan and asks " +
			"for confirmation on a terminal; without a terminal it is refused unless --yes " +
			"or --plan is given. With --plan FILE the run starts only if a new plan still " +
			"matches the approved one in FILE.",
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.run(cmd.Context(), args[0], opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&opts.inputs, "input", "i", nil, "input value as NAME=VALUE (repeatable)")
	f.BoolVarP(&opts.yes, "yes", "y", false, "run state-changing steps without asking")
	f.StringVar(&opts.record, "record", "", "also write the JSON run record (with --dry-run, "+
		"the plan) to this file")
	f.BoolVar(&opts.sandbox, "sandbox", false,
		"run against an in-process sandbox S3 server with demo data instead of AWS")
	f.BoolVar(&opts.dryRun, "dry-run", false,
		"make a plan instead of running, as `s3play plan` does; nothing is changed")
	f.StringVar(&opts.planFile, "plan", "", "run only if the playbook would still make the "+
		"changes of this approved plan, written by `s3play plan --out FILE`")
	return cmd
}

func (a *app) run(ctx context.Context, file string, opts runOptions) error {
	if err := checkRecordPath(opts.record, file); err != nil {
		return err
	}
	if opts.dryRun {
		if opts.planFile != "" {
			return usage(fmt.Errorf("--dry-run and --plan exclude each other: --dry-run makes " +
				"a plan, --plan runs an approved one"))
		}
		return a.plan(ctx, file, planOptions{inputs: opts.inputs, out: opts.record,
			sandbox: opts.sandbox})
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

	approved, err := a.approve(ctx, runner, pb, inputs, opts)
	if err != nil {
		return err
	}

	runner.Approved = approved
	rec := runner.Run(ctx, pb, inputs)
	if approved != nil {
		rec.ApprovedPlan = approved.RunID
	}
	a.saveHistory(runner, rec)
	if err := a.report(rec, opts.record); err != nil {
		return err
	}
	a.code = runExitCode(rec.Status)
	return nil
}

// loadPlaybook loads and validates a playbook and resolves its inputs.
func loadPlaybook(file string, raw []string) (*engine.Playbook, map[string]any, error) {
	pb, err := engine.LoadFile(file)
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		// A playbook that cannot be read is a usage error, as in validate.
		return nil, nil, usage(err)
	}
	if err != nil {
		return nil, nil, err
	}
	given, err := parseInputs(raw)
	if err != nil {
		return nil, nil, usage(err)
	}
	inputs, err := pb.ResolveInputs(given)
	if err != nil {
		return nil, nil, usage(err)
	}
	return pb, inputs, nil
}

// newRunner builds a runner for AWS or, with sandbox, for an in-process
// sandbox server that is stopped by the returned cleanup function.
func (a *app) newRunner(ctx context.Context, sandbox bool) (*engine.Runner, func(), error) {
	if err := a.checkOverrides(); err != nil {
		return nil, nil, err
	}
	env, err := envSettings()
	if err != nil {
		return nil, nil, err
	}
	runner := &engine.Runner{
		Conn:  actions.NewConnector(),
		Env:   env,
		Flags: a.overrides(),
		Log:   newLogger(a.stderr),
	}
	runner.Observer = newPrinter(a, runner)
	if !sandbox {
		if err := a.checkProfile(ctx); err != nil {
			return nil, nil, err
		}
		return runner, func() {}, nil
	}
	return a.attachSandbox(ctx, runner)
}

func parseInputs(raw []string) (map[string]string, error) {
	out := map[string]string{}
	for _, kv := range raw {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("invalid --input %q: use NAME=VALUE", kv)
		}
		out[name] = value
	}
	return out, nil
}

// report prints the record and writes it to the record file when asked.
func (a *app) report(rec *engine.Record, path string) error {
	if a.output == formatJSON {
		if err := writeJSON(a.stdout, rec); err != nil {
			return err
		}
	} else {
		printSummary(a.stdout, rec)
	}
	return a.writeRecordFile(path, rec)
}

// writeRecordFile writes a run record or a plan as indented JSON, readable
// only by the owner, or does nothing when path is "".
func (a *app) writeRecordFile(path string, rec *engine.Record) error {
	if path == "" {
		return nil
	}
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := redacting(&buf, a.secrets).Write(append(data, '\n')); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("write %s record: %w", rec.Mode, err)
	}
	return nil
}
