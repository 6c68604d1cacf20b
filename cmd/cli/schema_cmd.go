package cli

import (
	"github.com/spf13/cobra"

	"github.com/s3play/s3play/schema"
)

func (a *app) schemaCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the playbook JSON Schema",
		Long: "Print the JSON Schema of playbooks. Editors can use it through a first line such as\n" +
			"# yaml-language-server: $schema=schema/playbook.schema.json",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			_, err := a.stdout.Write(schema.JSON)
			return err
		},
	}
}
