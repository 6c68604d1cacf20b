package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// threeMistakes has an unknown key (line 5), a parameter of the wrong type
// (line 8) and a reference to a later step (line 12).
const threeMistakes = `name: three-mistakes
steps:
  - id: objects
    action: s3.list_bucket_objects
    fro_each: [a, b]
    with:
      bucket: logs
      max_objects: ten
  - id: delete
    action: s3.delete_buckets
    with:
      bucket_names: $.steps.later.output.Buckets[*].Name
  - id: later
    action: s3.list_buckets
`

func TestValidateListsEveryMistake(t *testing.T) {
	noNetwork(t)
	path := writePlaybook(t, threeMistakes)
	code, out, _ := execute(t, "validate", path)
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d errors, want 3:\n%s", len(lines), out)
	}
	want := []struct{ pos, text string }{
		{":5:5: ", `unknown key "fro_each"`},
		{":8:20: ", "max_objects"},
		{":12:21: ", `"later", which runs later`},
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], path+w.pos) {
			t.Errorf("error %d = %q, want it at %s%s", i+1, lines[i], path, w.pos)
		}
		if !strings.Contains(lines[i], w.text) {
			t.Errorf("error %d = %q, want it to mention %s", i+1, lines[i], w.text)
		}
	}
}

// validationJSON is the documented shape of `s3play validate --output json`.
type validationJSON []struct {
	File   string `json:"file"`
	Valid  bool   `json:"valid"`
	Errors []struct {
		Position struct {
			File   string `json:"file"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"position"`
		Message string `json:"message"`
	} `json:"errors"`
}

func TestValidateJSONShape(t *testing.T) {
	noNetwork(t)
	bad := writePlaybook(t, threeMistakes)
	good := "../../playbooks/demo.yaml"
	code, out, _ := execute(t, "validate", "--output", "json", good, bad)
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}

	var results validationJSON
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&results); err != nil {
		t.Fatalf("output does not have the documented shape: %v\n%s", err, out)
	}
	if len(results) != 2 {
		t.Fatalf("got %d results, want 2", len(results))
	}
	if results[0].File != good || !results[0].Valid || len(results[0].Errors) != 0 {
		t.Errorf("valid playbook: %+v", results[0])
	}
	if results[1].Valid || len(results[1].Errors) != 3 {
		t.Fatalf("invalid playbook: %+v", results[1])
	}

	var got []string
	for _, e := range results[1].Errors {
		if e.Position.File != bad || e.Message == "" {
			t.Errorf("error %+v lacks its file or message", e)
		}
		got = append(got, fmt.Sprintf("%d:%d", e.Position.Line, e.Position.Column))
	}
	if strings.Join(got, " ") != "5:5 8:20 12:21" {
		t.Errorf("positions = %v, want 5:5 8:20 12:21", got)
	}
}

func TestValidateErrorPositions(t *testing.T) {
	noNetwork(t)
	cases := []struct {
		name, step, pos, text string
	}{
		{"condition syntax", "when: len(steps.a.output.Buckets) >", ":5:11: ", "invalid condition"},
		{"malformed path", "for_each: $.steps.a.output.Buckets[", ":5:39: ", "unclosed ["},
		{"unknown input", "for_each: $.inputs.nope", ":5:15: ", `unknown input "nope"`},
		{"unknown step in condition", "when: steps.zzz.status == 'x'", ":5:11: ", `unknown step "zzz"`},
		{"yes for a boolean", "on_error: yes", ":5:15: ", "on_error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writePlaybook(t, "name: x\nsteps:\n  - {id: a, action: s3.list_buckets}\n"+
				"  - id: b\n    "+c.step+"\n    action: s3.list_buckets\n")
			code, out, _ := execute(t, "validate", path)
			if code != ExitUsage {
				t.Errorf("exit code = %d, want %d", code, ExitUsage)
			}
			if !strings.HasPrefix(out, path+c.pos) || !strings.Contains(out, c.text) {
				t.Errorf("output = %q, want %s%s... %s", out, path, c.pos, c.text)
			}
		})
	}
}

// A file that cannot be read has no line to point at, so it is reported
// with its name alone.
func TestValidateUnreadableFile(t *testing.T) {
	noNetwork(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.yaml")
	code, out, _ := execute(t, "validate", missing, dir)
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	for _, want := range []string{
		missing + ": file not found\n",
		dir + ": is a folder, not a playbook file: give the files in it, such as " +
			filepath.Join(dir, "*.yaml") + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output = %q, want %q", out, want)
		}
	}

	_, out, _ = execute(t, "validate", "-o", "json", missing)
	var results []struct {
		Errors []struct {
			Position map[string]any `json:"position"`
		} `json:"errors"`
	}
	if err := json.Unmarshal([]byte(out), &results); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, out)
	}
	if len(results) != 1 || len(results[0].Errors) != 1 {
		t.Fatalf("results = %+v, want one error", results)
	}
	if pos := results[0].Errors[0].Position; len(pos) != 1 || pos["file"] != missing {
		t.Errorf("position = %v, want only the file %s", pos, missing)
	}
}
