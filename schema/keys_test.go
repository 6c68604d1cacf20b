package schema

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// committed parses the embedded schema.
func committed(t *testing.T) map[string]any {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(JSON, &s); err != nil {
		t.Fatalf("playbook.schema.json is not JSON: %v", err)
	}
	return s
}

// at follows a path of object keys through the schema.
func at(t *testing.T, s map[string]any, path ...string) map[string]any {
	t.Helper()
	cur := s
	for _, k := range path {
		next, ok := cur[k].(map[string]any)
		if !ok {
			t.Fatalf("schema has no object at %v", path)
		}
		cur = next
	}
	return cur
}

func propertyNames(t *testing.T, s map[string]any, path ...string) []string {
	t.Helper()
	var names []string
	for k := range at(t, s, append(path, "properties")...) {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

func sorted(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return out
}

func TestSchemaKeysMatchLoader(t *testing.T) {
	s := committed(t)
	keys := engine.Keys()
	cases := []struct {
		part string
		path []string
		want []string
	}{
		{"playbook", nil, keys.Playbook},
		{"input", []string{"properties", "inputs", "additionalProperties"}, keys.Input},
		{"playbook connection", []string{"properties", "connection"}, keys.PlaybookConnection},
		{"step", []string{"$defs", "step"}, keys.Step},
		{"step connection", []string{"$defs", "step", "properties", "connection"}, keys.StepConnection},
		{"retry", []string{"$defs", "step", "properties", "retry"}, keys.Retry},
	}
	for _, c := range cases {
		got, want := propertyNames(t, s, c.path...), sorted(c.want)
		if !slices.Equal(got, want) {
			t.Errorf("%s keys: schema has %v, loader accepts %v", c.part, got, want)
		}
		if at(t, s, c.path...)["additionalProperties"] != false {
			t.Errorf("%s: the schema allows keys the loader rejects", c.part)
		}
	}
}

func TestSchemaWithMatchesParams(t *testing.T) {
	s := committed(t)
	variants, _ := at(t, s, "$defs", "step")["allOf"].([]any)
	seen := map[string]bool{}
	for _, v := range variants {
		variant := v.(map[string]any)
		name := at(t, variant, "if", "properties", "action")["const"].(string)
		seen[name] = true
		a, err := actions.Lookup(name)
		if err != nil {
			t.Errorf("schema names unknown action %s", name)
			continue
		}
		want := slices.Clone(engine.Keys().StepConnection)
		for _, p := range a.Spec().Params {
			want = append(want, p.Name)
		}
		got := propertyNames(t, variant, "then", "properties", "with")
		if !slices.Equal(got, sorted(want)) {
			t.Errorf("%s with: schema has %v, loader accepts %v", name, got, sorted(want))
		}
	}
	for _, name := range actions.Names() {
		if !seen[name] {
			t.Errorf("action %s has no schema for its parameters", name)
		}
	}
}
