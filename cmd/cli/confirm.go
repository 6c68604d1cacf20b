package cli

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/s3play/s3play/engine"
)

// confirm asks before a run with state-changing steps. Without a terminal
// it refuses unless --yes was given, so a script never deletes by accident.
func (a *app) confirm(pb *engine.Playbook, yes bool) error {
	if yes || !pb.Mutates() {
		return nil
	}
	if !a.interactive() {
		return &refusedError{msg: "refused: the playbook changes state and there is no terminal to confirm; " +
			"review it with `s3play validate`, then pass --yes"}
	}
	fmt.Fprintf(a.stderr, "Playbook %s will change state in these steps:\n", pb.Name)
	for _, s := range pb.Steps {
		if s.Spec.Mutates {
			fmt.Fprintf(a.stderr, "  - %s (%s)\n", s.ID, s.ActionName)
		}
	}
	fmt.Fprint(a.stderr, "Proceed? Type yes to continue: ")
	answer, _ := bufio.NewReader(a.stdin).ReadString('\n')
	if strings.TrimSpace(strings.ToLower(answer)) != "yes" {
		return &refusedError{msg: "refused: the run was not confirmed; nothing was changed"}
	}
	return nil
}

// interactive reports whether stdin and stderr are terminals.
func (a *app) interactive() bool {
	in, ok := a.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return false
	}
	out, ok := a.stderr.(*os.File)
	return ok && term.IsTerminal(int(out.Fd()))
}
