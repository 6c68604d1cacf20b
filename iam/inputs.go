package iam

import (
	"fmt"
	"slices"
	"strings"

	"github.com/s3play/s3play/engine"
)

// resolveInputs converts the inputs given as text and adds the playbook's
// defaults. Unlike a run, a required input may be missing: values that
// read it get a wildcard and a note. defaulted names the inputs that hold
// a default.
func resolveInputs(pb *engine.Playbook, inputText map[string]string) (map[string]any,
	map[string]bool, error) {
	known := map[string]*engine.Input{}
	var names []string
	for _, in := range pb.Inputs {
		known[in.Name] = in
		names = append(names, in.Name)
	}
	values := map[string]any{}
	for _, name := range sortedKeys(inputText) {
		in, ok := known[name]
		if !ok {
			return nil, nil, unknownInput(name, names)
		}
		v, err := engine.ConvertInputText(in.Type, inputText[name])
		if err != nil {
			return nil, nil, fmt.Errorf("invalid value for input %s: %w", name, err)
		}
		values[name] = v
	}
	defaulted := map[string]bool{}
	for _, in := range pb.Inputs {
		if _, ok := values[in.Name]; !ok && in.HasDefault {
			values[in.Name], defaulted[in.Name] = in.Default, true
		}
	}
	return values, defaulted, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func unknownInput(name string, known []string) error {
	if len(known) == 0 {
		return fmt.Errorf("unknown input %q: the playbook has no inputs", name)
	}
	return fmt.Errorf("unknown input %q; the playbook's inputs are: %s", name,
		strings.Join(known, ", "))
}
