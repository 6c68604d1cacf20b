package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/s3play/s3play/actions"
)

func (a *app) actionsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "actions [NAME]",
		Short: "List actions, or describe one",
		Args:  usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.listActions()
			}
			act, err := actions.Lookup(args[0])
			if err != nil {
				return usage(err)
			}
			return a.describeAction(act.Spec())
		},
	}
}

// actionDoc is the JSON form of an action's description.
type actionDoc struct {
	Name    string     `json:"name"`
	Summary string     `json:"summary"`
	Mutates bool       `json:"changes_state"`
	IAM     []string   `json:"iam_actions"`
	Params  []paramDoc `json:"parameters,omitempty"`
	// WritesLocalFiles and PlanIAM describe how a plan of the action
	// differs from a run: it writes no file, and it may need more read access.
	WritesLocalFiles bool     `json:"writes_local_files,omitempty"`
	PlanIAM          []string `json:"plan_iam_actions,omitempty"`
}

type paramDoc struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Required bool   `json:"required"`
	Default  any    `json:"default,omitempty"`
	Doc      string `json:"description"`
}

func docOf(s actions.Spec) actionDoc {
	d := actionDoc{Name: s.Name, Summary: s.Summary, Mutates: s.Mutates, IAM: s.IAM,
		WritesLocalFiles: s.WritesLocalFiles, PlanIAM: s.PlanIAM}
	for _, p := range s.Params {
		d.Params = append(d.Params, paramDoc{Name: p.Name, Type: p.Type.String(),
			Required: p.Required, Default: p.Default, Doc: p.Doc})
	}
	return d
}

func (a *app) listActions() error {
	var docs []actionDoc
	for _, name := range actions.Names() {
		act, _ := actions.Lookup(name)
		docs = append(docs, docOf(act.Spec()))
	}
	if a.output == formatJSON {
		return writeJSON(a.stdout, docs)
	}
	for _, d := range docs {
		change := ""
		if d.Mutates {
			change = " (changes state)"
		}
		fmt.Fprintf(a.stdout, "%-36s %s%s\n", d.Name, d.Summary, change)
	}
	return nil
}

func (a *app) describeAction(s actions.Spec) error {
	d := docOf(s)
	if a.output == formatJSON {
		return writeJSON(a.stdout, d)
	}
	fmt.Fprintf(a.stdout, "%s: %s\nchanges state: %v\nIAM actions: %s\n",
		d.Name, d.Summary, d.Mutates, strings.Join(d.IAM, ", "))
	if len(d.PlanIAM) > 0 {
		fmt.Fprintf(a.stdout, "IAM actions that only `s3play plan` needs: %s\n",
			strings.Join(d.PlanIAM, ", "))
	}
	fmt.Fprintln(a.stdout, "parameters:")
	for _, p := range d.Params {
		req := "optional"
		if p.Required {
			req = "required"
		}
		fmt.Fprintf(a.stdout, "  %-24s %-16s %-9s %s\n", p.Name, p.Type, req, p.Doc)
	}
	fmt.Fprintf(a.stdout, "  %-24s connection overrides for this step: %s\n", "(every action)",
		"region, role_arn, role_session_name, session_duration")
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
