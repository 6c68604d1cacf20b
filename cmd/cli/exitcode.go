package cli

import (
	"context"
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// Exit codes, documented in the README.
const (
	ExitSuccess  = 0 // every step succeeded or was skipped
	ExitFailure  = 1 // a step failed, or the command failed
	ExitUsage    = 2 // invalid command line or playbook
	ExitPartial  = 3 // some items or steps failed, others succeeded
	ExitRefused  = 4 // confirmation was refused or could not be asked
	ExitCanceled = 5 // interrupted by a signal
)

// usageError marks errors in the command line or the playbook.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usage(err error) error { return &usageError{err} }

// refusedError marks a run that did not start because it was not confirmed.
type refusedError struct{ msg string }

func (e *refusedError) Error() string { return e.msg }

// exitCode maps an error returned by a command to the process exit code.
// usageArgs marks a wrong number of arguments as a usage error, so it
// exits with the usage code like a bad flag does.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usage(err)
		}
		return nil
	}
}

func exitCode(err error) int {
	var ue *usageError
	var re *refusedError
	var list engine.ErrorList
	switch {
	case err == nil:
		return ExitSuccess
	case errors.As(err, &ue), errors.As(err, &list):
		return ExitUsage
	case errors.As(err, &re):
		return ExitRefused
	case errors.Is(err, context.Canceled):
		return ExitCanceled
	case strings.HasPrefix(err.Error(), "unknown command"):
		// cobra reports a misspelt subcommand as a plain error.
		return ExitUsage
	}
	return ExitFailure
}

// runExitCode maps a run's status to the exit code.
func runExitCode(status actions.Status) int {
	switch status {
	case actions.Succeeded, actions.Skipped:
		return ExitSuccess
	case actions.PartiallySucceeded:
		return ExitPartial
	case engine.Canceled:
		return ExitCanceled
	}
	return ExitFailure
}
