package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/s3play/s3play/engine"
)

func (a *app) validateCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "validate PLAYBOOK...",
		Short: "Check playbooks without calling AWS",
		Long: "Check playbooks: YAML syntax, keys, actions, parameter types, references " +
			"and conditions. Every problem is listed with FILE:LINE:COL. No network call is made.",
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(_ *cobra.Command, files []string) error {
			return a.validate(files)
		},
	}
}

// validationResult is the JSON form of one file's check.
type validationResult struct {
	File   string              `json:"file"`
	Valid  bool                `json:"valid"`
	Errors []*engine.LoadError `json:"errors"`
}

func (a *app) validate(files []string) error {
	var results []validationResult
	invalid := 0
	for _, file := range files {
		res := validationResult{File: file, Valid: true, Errors: []*engine.LoadError{}}
		if _, err := engine.LoadFile(file); err != nil {
			res.Valid = false
			invalid++
			var list engine.ErrorList
			if !errors.As(err, &list) {
				list = engine.ErrorList{{Pos: engine.Position{File: file}, Message: readProblem(file, err)}}
			}
			res.Errors = list
		}
		results = append(results, res)
	}
	a.printValidation(results)
	if invalid > 0 {
		return usage(fmt.Errorf("%d of %d playbooks are invalid", invalid, len(files)))
	}
	return nil
}

func (a *app) printValidation(results []validationResult) {
	if a.output == formatJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(results)
		return
	}
	for _, r := range results {
		if r.Valid {
			fmt.Fprintf(a.stdout, "%s: valid\n", r.File)
			continue
		}
		for _, e := range r.Errors {
			fmt.Fprintln(a.stdout, e.Error())
		}
	}
}

// readProblem describes a playbook file that could not be read. The
// message follows the file name, so it does not repeat it.
func readProblem(file string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "file not found"
	case errors.Is(err, syscall.EISDIR):
		return fmt.Sprintf("is a folder, not a playbook file: give the files in it, such as %s",
			filepath.Join(file, "*.yaml"))
	}
	return err.Error()
}
