package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// printPlan writes a plan as text: one line per step, as a run prints it,
// with predicted steps marked and what they would change below them.
func printPlan(w io.Writer, rec *engine.Record) {
	fmt.Fprintf(w, "Plan for playbook %s (%s). Nothing is changed: read-only steps ran, and "+
		"steps marked (predicted) show what a run would do.\n\n", rec.Playbook, rec.File)
	widths := planColumns(rec.Steps)
	for _, s := range rec.Steps {
		printPlanStep(w, s, widths)
	}
	printPlanSummary(w, rec)
}

// planColumns returns the widths of the id, action and status columns:
// 20, 34 and 22 characters, or more where a step needs it, so that a long
// status such as "PartiallySucceeded (predicted)" keeps the columns in line.
func planColumns(steps []*engine.StepRecord) [3]int {
	widths := [3]int{20, 34, 22}
	for _, s := range steps {
		status, _, _ := planStatus(s)
		for i, text := range []string{s.ID, s.Action, status} {
			widths[i] = max(widths[i], utf8.RuneCountInString(text))
		}
	}
	return widths
}

// planStatus returns a step's status, its detail and the prefix of its
// errors, marked as predicted for a step that did not run.
func planStatus(s *engine.StepRecord) (status, detail, failing string) {
	if s.Predicted {
		return string(s.Status) + " (predicted)", predictedDetail(s), "would fail: "
	}
	return string(s.Status), stepDetail(s), ""
}

func printPlanStep(w io.Writer, s *engine.StepRecord, widths [3]int) {
	status, detail, failing := planStatus(s)
	line := fmt.Sprintf("%-*s %-*s %-*s %s", widths[0], s.ID, widths[1], s.Action,
		widths[2], status, detail)
	fmt.Fprintln(w, strings.TrimRight(line, " "))
	for _, g := range groupChanges(s.Changes) {
		g.print(w)
	}
	for _, it := range s.Items {
		if it.Error != nil {
			fmt.Fprintf(w, "    %s: %s%s\n", safeText(it.Item), failing, failureText(it.Error))
		}
	}
	if s.Error != nil {
		fmt.Fprintf(w, "    %s%s\n", failing, failureText(s.Error))
	}
}

func predictedDetail(s *engine.StepRecord) string {
	var parts []string
	if s.Reason != "" {
		parts = append(parts, s.Reason)
	}
	if n := len(s.Items); n > 0 {
		parts = append(parts, fmt.Sprintf("%s, %d would succeed",
			actions.CountNoun(int64(n), "item", "items"), countStatus(s.Items, actions.Succeeded)))
	}
	switch n := len(s.Changes); {
	case n == 1:
		parts = append(parts, "1 change")
	case n > 1:
		parts = append(parts, actions.FormatCount(int64(n))+" changes")
	}
	return strings.Join(parts, ", ")
}

func printPlanSummary(w io.Writer, rec *engine.Record) {
	changing := 0
	for _, s := range rec.Steps {
		if len(s.Changes) > 0 {
			changing++
		}
	}
	fmt.Fprintf(w, "\nplan %s: a run would end %s; %d of %d steps would change state, "+
		"with %s; %s\n", rec.RunID, rec.Status, changing, len(rec.Steps),
		changeTotal(rec), callTotals(rec.APICalls, rec.Retries))
	names := make([]string, 0, len(rec.Outputs))
	for name := range rec.Outputs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "output %s: %s\n", name, safeText(rec.Outputs[name]))
	}
	if rec.Error != "" {
		fmt.Fprintln(w, "error:", rec.Error)
	}
}

// changeTotal counts the changes of a plan, as in "4 changes".
func changeTotal(rec *engine.Record) string {
	n := 0
	for _, s := range rec.Steps {
		n += len(s.Changes)
	}
	return actions.CountNoun(int64(n), "change", "changes")
}
