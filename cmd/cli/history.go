package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/history"
)

// maxHistoryLimit caps --limit of `s3play history`.
const maxHistoryLimit = 10000

func (a *app) historyCommand() *cobra.Command {
	var f history.Filter
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List recent runs of run and serve, newest first",
		Long: "List recent runs of `s3play run` and `s3play serve`, and the scheduled runs that " +
			"serve skipped because the previous run was still going, newest first. " +
			"`s3play history show RUN_ID` prints one run's record.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.Limit < 1 || f.Limit > maxHistoryLimit {
				return usage(fmt.Errorf("invalid --limit %d: use 1 to %d", f.Limit, maxHistoryLimit))
			}
			return a.listHistory(cmd.Context(), f)
		},
	}
	cmd.Flags().StringVar(&f.Playbook, "playbook", "", "only runs of the playbook with this name")
	cmd.Flags().IntVar(&f.Limit, "limit", history.DefaultLimit, "number of runs to list")
	cmd.AddCommand(a.historyPruneCommand())
	cmd.AddCommand(&cobra.Command{
		Use:   "show RUN_ID",
		Short: "Print the record of one run",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.showHistory(cmd.Context(), args[0])
		},
	})
	return cmd
}

func (a *app) listHistory(ctx context.Context, f history.Filter) error {
	store, err := a.openHistory(ctx, true)
	if errors.Is(err, history.ErrNoHistory) {
		if a.output == formatJSON {
			return writeIndentedJSON(a.stdout, []history.Entry{})
		}
		fmt.Fprintln(a.stdout, err)
		return nil
	}
	if err != nil {
		return err
	}
	defer store.Close()
	entries, err := store.List(ctx, f)
	if err != nil {
		return err
	}
	if a.output == formatJSON {
		return writeIndentedJSON(a.stdout, entries)
	}
	if len(entries) == 0 {
		fmt.Fprintf(a.stdout, "no runs in %s\n", store.Path())
		return nil
	}
	printEntries(a.stdout, entries)
	return nil
}

func printEntries(w io.Writer, entries []history.Entry) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN ID\tPLAYBOOK\tCOMMAND\tSTATUS\tSTARTED\tDURATION\tAPI CALLS\tRETRIES")
	for _, e := range entries {
		duration := "-"
		if e.Kind == history.KindRun {
			duration = (time.Duration(e.DurationMS) * time.Millisecond).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\n", e.ID, e.Playbook, e.Command,
			e.Status, e.Started.Format(time.RFC3339), duration, e.APICalls, e.Retries)
	}
	_ = tw.Flush()
}

func (a *app) showHistory(ctx context.Context, id string) error {
	store, err := a.openHistory(ctx, true)
	if errors.Is(err, history.ErrNoHistory) {
		return fmt.Errorf("run %s not found: %w; check --state, and list the runs "+
			"with `s3play history`", id, err)
	}
	if err != nil {
		return err
	}
	defer store.Close()
	entry, raw, err := store.Get(ctx, id)
	if errors.Is(err, history.ErrNotFound) {
		return fmt.Errorf("%w; `s3play history` lists the run ids", err)
	}
	if err != nil {
		return err
	}

	switch {
	case a.output == formatJSON:
		_, err = a.stdout.Write(append(raw, '\n'))
	case entry.Kind == history.KindSkip:
		fmt.Fprintf(a.stdout, "%s %s, scheduled at %s: %s\n", entry.ID, entry.Playbook,
			entry.Started.Format(time.RFC3339), entry.Reason)
	default:
		err = printStoredRun(a.stdout, entry, raw)
	}
	return err
}

// printStoredRun prints a stored record the way `s3play run` prints a run.
func printStoredRun(w io.Writer, entry history.Entry, raw json.RawMessage) error {
	var rec engine.Record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return fmt.Errorf("read run %s from the history: %w", entry.ID, err)
	}
	fmt.Fprintf(w, "playbook %s (%s), run by s3play %s, started %s\n\n", rec.Playbook,
		rec.File, entry.Command, rec.Started.Format(time.RFC3339))
	for _, step := range rec.Steps {
		printStep(w, step)
	}
	printSummary(w, &rec)
	return nil
}

func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
