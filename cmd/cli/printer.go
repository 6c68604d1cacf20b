package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// printer shows steps as they finish (text output only) and progress of
// long steps on a terminal. Results go to stdout, progress to stderr.
type printer struct {
	app      *app
	terminal bool
	quiet    bool // no line per finished step, while a plan is made
}

func newPrinter(a *app, _ *engine.Runner) *printer {
	f, ok := fileOf(a.stderr)
	return &printer{app: a, terminal: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *printer) StepStarted(step *engine.Step) {}

func (p *printer) StepFinished(rec *engine.StepRecord) {
	if p.terminal {
		fmt.Fprint(p.app.stderr, "\r\033[K") // clear the progress line
	}
	if p.app.output != formatText || p.quiet {
		return
	}
	printStep(p.app.stdout, rec)
}

func (p *printer) Progress(step *engine.Step) actions.Progress {
	if !p.terminal {
		return nil
	}
	return newProgressLine(p.app.stderr, step.ID)
}

func printStep(w io.Writer, rec *engine.StepRecord) {
	line := fmt.Sprintf("%-20s %-32s %-18s %s", rec.ID, rec.Action, rec.Status, stepDetail(rec))
	fmt.Fprintln(w, strings.TrimRight(line, " "))
	for _, it := range rec.Items {
		if it.Error != nil {
			fmt.Fprintf(w, "    %s: %s\n", safeText(it.Item), failureText(it.Error))
		}
	}
	if rec.Error != nil {
		fmt.Fprintf(w, "    %s\n", failureText(rec.Error))
	}
}

func stepDetail(rec *engine.StepRecord) string {
	var parts []string
	if rec.Reason != "" {
		parts = append(parts, rec.Reason)
	}
	if n := len(rec.Items); n > 0 {
		parts = append(parts, fmt.Sprintf("%s, %d succeeded",
			actions.CountNoun(int64(n), "item", "items"), countStatus(rec.Items, actions.Succeeded)))
	}
	parts = append(parts, outputCounts(rec)...)
	if rec.Retries > 0 {
		parts = append(parts, actions.CountNoun(rec.Retries, "retry", "retries"))
	}
	if rec.Status != actions.Skipped {
		parts = append(parts, fmt.Sprintf("%d ms", rec.DurationMS))
	}
	return strings.Join(parts, ", ")
}

func countStatus(items []actions.Item, s actions.Status) int {
	n := 0
	for _, it := range items {
		if it.Status == s {
			n++
		}
	}
	return n
}

func failureText(f *actions.Failure) string {
	return safeText(f.Error())
}

// callTotals counts API calls and retries, as in "1 API call, 2 retries".
func callTotals(calls, retries int64) string {
	return actions.CountNoun(calls, "API call", "API calls") + ", " +
		actions.CountNoun(retries, "retry", "retries")
}

// printSummary ends the text output with the run's status and totals.
func printSummary(w io.Writer, rec *engine.Record) {
	fmt.Fprintf(w, "\nrun %s: %s in %d ms, %s\n", rec.RunID, rec.Status, rec.DurationMS,
		callTotals(rec.APICalls, rec.Retries))
	for name, v := range rec.Outputs {
		fmt.Fprintf(w, "output %s: %s\n", name, safeText(v))
	}
	if rec.Error != "" {
		fmt.Fprintln(w, "error:", rec.Error)
	}
}

// newLogger logs warnings and errors to stderr as text. Keys are kebab-case.
func newLogger(w io.Writer) *slog.Logger {
	level := slog.LevelWarn
	if os.Getenv("S3PLAY_DEBUG") != "" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
