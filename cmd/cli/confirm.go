package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/s3play/s3play/engine"
)

// approve decides whether a run may start, and returns the approved plan
// when one was given. With --plan the approved plan must still match a new
// one. Otherwise a playbook with state-changing steps needs --yes, or a
// terminal on which the user reads the plan and types yes, so a script
// never deletes by accident.
func (a *app) approve(ctx context.Context, runner *engine.Runner, pb *engine.Playbook,
	inputs map[string]any, opts runOptions) (*engine.Record, error) {
	if opts.planFile != "" {
		return a.matchPlanFile(ctx, runner, pb, inputs, opts)
	}
	if opts.yes || !pb.Mutates() {
		return nil, nil
	}
	if !canAsk(a) {
		return nil, &refusedError{msg: "run rejected: the playbook changes state and there is no " +
			"terminal to confirm; review it with `s3play plan`, then pass --yes, or save the " +
			"plan with `s3play plan --out FILE` and run it with --plan FILE"}
	}

	rec := planQuietly(ctx, runner, pb, inputs)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	printPlan(a.stderr, rec)
	fmt.Fprint(a.stderr, "\nRun the playbook now? Type yes to continue: ")
	answer, err := readAnswer(ctx, a.stdin)
	if err != nil {
		fmt.Fprintln(a.stderr)
		return nil, err
	}
	if strings.TrimSpace(strings.ToLower(answer)) != "yes" {
		return nil, &refusedError{msg: "run rejected: the run was not confirmed; nothing was changed"}
	}
	return a.stillMatches(ctx, runner, pb, inputs, rec)
}

// stillMatches plans again after the user typed yes, because the prompt may
// have waited for minutes. The run starts only if it would still do what
// the plan on the screen showed.
func (a *app) stillMatches(ctx context.Context, runner *engine.Runner, pb *engine.Playbook,
	inputs map[string]any, shown *engine.Record) (*engine.Record, error) {
	current := planQuietly(ctx, runner, pb, inputs)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	diffs := engine.ComparePlans(shown, current)
	if len(diffs) == 0 {
		return shown, nil
	}
	fmt.Fprintln(a.stderr, "The state changed while the prompt waited; the run would now differ "+
		"from the plan shown:")
	for _, d := range diffs[:min(len(diffs), maxShownDifferences)] {
		fmt.Fprintf(a.stderr, "  - %s\n", d)
	}
	return nil, &refusedError{msg: "run rejected: the plan you confirmed no longer matches, so " +
		"nothing was changed; run the command again to see the new plan"}
}

// readAnswer reads one line, or returns the context's error when the user
// interrupts the prompt: a blocked read would otherwise ignore Ctrl-C.
func readAnswer(ctx context.Context, in io.Reader) (string, error) {
	line := make(chan string, 1)
	go func() {
		answer, _ := bufio.NewReader(in).ReadString('\n')
		line <- answer
	}()
	select {
	case answer := <-line:
		return answer, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// canAsk reports whether the user can be asked to confirm. Tests replace it
// to reply through a reader instead of a terminal.
var canAsk = (*app).interactive

// interactive reports whether stdin and stderr are terminals.
func (a *app) interactive() bool {
	in, ok := a.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return false
	}
	out, ok := fileOf(a.stderr)
	return ok && term.IsTerminal(int(out.Fd()))
}
