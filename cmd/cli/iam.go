package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/iam"
)

func (a *app) iamCommand() *cobra.Command {
	var inputs []string
	cmd := &cobra.Command{
		Use:   "iam PLAYBOOK",
		Short: "Print the least-privilege IAM policy a playbook needs",
		Long: "Print the IAM policy a playbook needs: the IAM actions of each step's action, " +
			"on the buckets and roles the step names. Buckets from inputs given with --input, " +
			"or from input defaults, get exact ARNs. A bucket known only at run time, such as " +
			"a for_each item or a step output, gets a wildcard, and a note on stderr explains it. " +
			"No network call is made.",
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.printPolicy(args[0], inputs)
		},
	}
	cmd.Flags().StringArrayVarP(&inputs, "input", "i", nil, "input value as NAME=VALUE (repeatable)")
	return cmd
}

// printPolicy writes the policy as JSON to stdout and the notes to stderr,
// for both output formats, so stdout is always a policy document.
func (a *app) printPolicy(file string, rawInputs []string) error {
	pb, err := engine.LoadFile(file)
	if err != nil {
		return err
	}
	inputText, err := parseInputs(rawInputs)
	if err != nil {
		return usage(err)
	}
	report, err := iam.ForPlaybook(pb, iam.Options{Inputs: inputText, RoleARN: a.conn.roleARN})
	if err != nil {
		return usage(err)
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(report.Policy); err != nil {
		return err
	}
	for _, n := range report.Notes {
		fmt.Fprintln(a.stderr, "note:", n)
	}
	return nil
}
