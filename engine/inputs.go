package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// ResolveInputs combines values given on the command line (as text) with
// the playbook's defaults and checks types and required inputs.
func (p *Playbook) ResolveInputs(given map[string]string) (map[string]any, error) {
	out := map[string]any{}
	known := map[string]*Input{}
	var names []string
	for _, in := range p.Inputs {
		known[in.Name] = in
		names = append(names, in.Name)
	}
	for name, raw := range given {
		in, ok := known[name]
		if !ok {
			return nil, fmt.Errorf("unknown input %q%s", name, didYouMeanInput(name, names))
		}
		if in.Required && strings.TrimSpace(raw) == "" {
			// An unset shell variable gives --input prefix=, and an empty
			// prefix selects every bucket.
			return nil, fmt.Errorf("invalid value for required input %s: it is empty; pass a value "+
				"with --input %s=VALUE", name, name)
		}
		v, err := ConvertInputText(in.Type, raw)
		if err != nil {
			return nil, fmt.Errorf("invalid value for input %s: %w", name, err)
		}
		out[name] = v
	}
	for _, in := range p.Inputs {
		if _, ok := out[in.Name]; ok {
			continue
		}
		switch {
		case in.HasDefault:
			out[in.Name] = in.Default
		case in.Required:
			return nil, fmt.Errorf("missing required input %s: pass --input %s=VALUE", in.Name, in.Name)
		}
	}
	return out, nil
}

// ConvertInputText converts command-line text to the input's type. Strings
// are kept exactly, so "0755" stays "0755".
func ConvertInputText(t InputType, raw string) (any, error) {
	switch t {
	case InputNumber:
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("%q is not a number", raw)
		}
		return f, nil
	case InputInteger:
		i, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", raw)
		}
		return float64(i), nil
	case InputBoolean:
		b, err := strconv.ParseBool(raw)
		if err != nil || (raw != "true" && raw != "false") {
			return nil, fmt.Errorf("%q is not a boolean: use true or false", raw)
		}
		return b, nil
	case InputList:
		return listFromText(raw)
	}
	return raw, nil
}

// listFromText accepts a JSON array or comma-separated values.
func listFromText(raw string) (any, error) {
	if strings.HasPrefix(strings.TrimSpace(raw), "[") {
		// encoding/json replaces invalid UTF-8 with U+FFFD, which would turn
		// the value into other text without notice.
		if !utf8.ValidString(raw) {
			return nil, fmt.Errorf("invalid JSON list %q: it is not valid UTF-8", raw)
		}
		var v []any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return nil, fmt.Errorf("invalid JSON list %q: %v", raw, err)
		}
		return v, nil
	}
	out := []any{}
	for _, part := range strings.Split(raw, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out, nil
}

// convertInputNode converts a default written in YAML to the input's type.
func convertInputNode(t InputType, n *yaml.Node) (any, error) {
	switch t {
	case InputString:
		if n.Kind != yaml.ScalarNode || n.Tag == tagNull {
			return nil, fmt.Errorf("expected text, got %s", kindName(n))
		}
		return n.Value, nil
	case InputNumber, InputInteger:
		f, ok := parseNumber(n.Value)
		if n.Kind != yaml.ScalarNode || (n.Tag != tagInt && n.Tag != tagFloat) || !ok {
			return nil, fmt.Errorf("expected a number, got %s", kindName(n))
		}
		if t == InputInteger && f != math.Trunc(f) {
			return nil, fmt.Errorf("expected an integer, got %s", n.Value)
		}
		return f, nil
	case InputBoolean:
		if n.Tag != tagBool {
			return nil, fmt.Errorf("expected true or false, got %s", kindName(n))
		}
		return plainScalar(n), nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("expected a list, got %s", kindName(n))
	}
	out := make([]any, len(n.Content))
	for i, c := range n.Content {
		if c.Kind != yaml.ScalarNode || c.Tag == tagNull {
			return nil, fmt.Errorf("item %d: expected text, got %s", i, kindName(c))
		}
		out[i] = c.Value // list inputs hold text exactly as written
	}
	return out, nil
}
