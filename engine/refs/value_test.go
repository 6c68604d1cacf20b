package refs

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// runDoc is a small run document with the shapes the engine builds.
func runDoc(t testing.TB) any {
	return decode(t, `{
	  "inputs": {"prefix": "logs-", "count": 3, "big": 5368709120, "thousand": 1e3,
	             "ratio": 0.25, "on": true, "none": null, "names": ["a", "b"],
	             "tags": {"team": "sec", "env": "prod"}},
	  "steps": {
	    "buckets": {"status": "Succeeded", "error": null, "items": [],
	                "output": {"Buckets": [{"Name": "logs-a"}, {"Name": "data-b"}]}},
	    "empty": {"status": "PartiallySucceeded", "error": null, "output": null, "items": [
	      {"item": "logs-a", "status": "Succeeded", "output": {}, "error": null},
	      {"item": "logs-b", "status": "Failed", "output": null,
	       "error": {"status_code": 409, "code": "BucketNotEmpty"}}]}
	  },
	  "item": "logs-a",
	  "index": 1
	}`)
}

func evalString(t *testing.T, s string) (any, error) {
	t.Helper()
	v, err := ParseString(s)
	if err != nil {
		t.Fatalf("ParseString(%q): %v", s, err)
	}
	return v.Eval(context.Background(), runDoc(t))
}

func TestParseStringLiterals(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"", ""},
		{"${aws:username}", "${aws:username}"},
		{"arn:aws:s3:::bucket/${aws:username}/*", "arn:aws:s3:::bucket/${aws:username}/*"},
		{"home/${s3:prefix}", "home/${s3:prefix}"},
		{"$5", "$5"},
		{"costs $", "costs $"},
		{"$HOME/x", "$HOME/x"},
		{"a }} b", "a }} b"},
		{`\$.steps.x`, "$.steps.x"},
		{`  \$[0]`, "  $[0]"},
		{`\$`, "$"},
		{`\$5`, `\$5`},
		{`\$Recycle.Bin`, `\$Recycle.Bin`},
		{`a\$.b`, `a\$.b`},
		{`\{{ not a ref }}`, "{{ not a ref }}"},
		{`x \{{ $.y }} z`, "x {{ $.y }} z"},
		{`back\slash \n`, `back\slash \n`},
		{`{"Statement": [{"Effect": "Allow"}]}`, `{"Statement": [{"Effect": "Allow"}]}`},
	}
	for _, tt := range tests {
		v, err := ParseString(tt.in)
		if err != nil {
			t.Errorf("ParseString(%q): %v", tt.in, err)
			continue
		}
		if !v.IsLiteral() {
			t.Errorf("ParseString(%q).IsLiteral() = false, want true", tt.in)
		}
		if got := v.Literal(); got != tt.want {
			t.Errorf("ParseString(%q).Literal() = %q, want %q", tt.in, got, tt.want)
		}
		if got, err := v.Eval(context.Background(), nil); err != nil || got != tt.want {
			t.Errorf("ParseString(%q).Eval() = %#v, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestWholeValueKeepsType(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{`$.inputs.names`, []any{"a", "b"}},
		{`  $.inputs.count  `, float64(3)},
		{`$.inputs.on`, true},
		{`$.inputs.none`, nil},
		{`$.steps.buckets.output.Buckets[*].Name`, []any{"logs-a", "data-b"}},
		{`$.steps.empty.items[?(@.status == "Succeeded")].item`, []any{"logs-a"}},
		{`{{ $.inputs.names }}`, []any{"a", "b"}},
		{` {{ $.index }} `, float64(1)},
		{`$.item`, "logs-a"},
	}
	for _, tt := range tests {
		got, err := evalString(t, tt.in)
		if err != nil {
			t.Errorf("Eval(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Eval(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{`$.inputs.missing ?? "none"`, "none"},
		{`$.inputs.missing ?? []`, []any{}},
		{`$.inputs.missing ?? 0`, float64(0)},
		{`$.inputs.missing ?? null`, nil},
		{`$.inputs.missing ?? true`, true},
		{`$.inputs.missing ?? {"a": [1]}`, map[string]any{"a": []any{float64(1)}}},
		{`$.inputs.none ?? "was null"`, "was null"},
		{`$.inputs.count ?? 0`, float64(3)},
		{`$.steps.buckets.output.Buckets[5].Name ?? "none"`, "none"},
		{`$.steps.nope.output.Contents[*].Key ?? ["x"]`, []any{"x"}},
		{`$.steps.buckets.items[*].item ?? ["x"]`, []any{}},
		{`$.inputs.missing ?? "a ?? b"`, "a ?? b"},
		{`$.inputs.tags["a ?? b"] ?? "c"`, "c"},
		{`$.inputs.missing ??   "spaced"  `, "spaced"},
		{`x-{{ $.inputs.missing ?? "none" }}`, "x-none"},
		{`x-{{ $.inputs.missing ?? null }}-y`, "x--y"},
		{`x-{{ $.inputs.none ?? 7 }}`, "x-7"},
	}
	for _, tt := range tests {
		got, err := evalString(t, tt.in)
		if err != nil {
			t.Errorf("Eval(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Eval(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestDefaultIsCopied(t *testing.T) {
	v, err := ParseString(`$.missing ?? {"a": [1]}`)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := v.Eval(context.Background(), map[string]any{})
	first.(map[string]any)["a"].([]any)[0] = "changed"
	second, _ := v.Eval(context.Background(), map[string]any{})
	if got := second.(map[string]any)["a"].([]any)[0]; got != float64(1) {
		t.Errorf("default changed through an earlier result: %v", got)
	}
}

func TestNoMatchWithoutDefault(t *testing.T) {
	for _, in := range []string{`$.inputs.missing`, `name-{{ $.inputs.missing }}`} {
		_, err := evalString(t, in)
		if !errors.Is(err, ErrNoMatch) {
			t.Errorf("Eval(%q) error = %v, want ErrNoMatch", in, err)
		}
	}
}

func TestInterpolationRendering(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{{ $.inputs.prefix }}2024/`, "logs-2024/"},
		{`n={{ $.inputs.count }}`, "n=3"},
		{`n={{ $.inputs.big }}`, "n=5368709120"},
		{`n={{ $.inputs.thousand }}`, "n=1000"},
		{`r={{ $.inputs.ratio }}`, "r=0.25"},
		{`on={{ $.inputs.on }}`, "on=true"},
		{`names={{ $.inputs.names }}`, `names=["a","b"]`},
		{`tags={{ $.inputs.tags }}`, `tags={"env":"prod","team":"sec"}`},
		{`#{{$.index}}: {{ $.item }}`, "#1: logs-a"},
		{`{{ $.inputs.prefix }}{{ $.item }}`, "logs-logs-a"},
		{`{{ $.steps.empty.items[1].error.code }} ({{ $.steps.empty.items[1].error.status_code }})`,
			"BucketNotEmpty (409)"},
		{`${aws:username}/{{ $.item }}`, "${aws:username}/logs-a"},
		{`{{ $.inputs.tags["env"] }}`, "prod"},
		{`{{ $.inputs.tags['env'] }}`, "prod"},
		{`names: {{ $.steps.buckets.output.Buckets[?(@.Name == "logs-a")].Name }}`,
			`names: ["logs-a"]`},
		{`a {{ $.item }} }} b`, "a logs-a }} b"},
	}
	for _, tt := range tests {
		got, err := evalString(t, tt.in)
		if err != nil {
			t.Errorf("Eval(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Eval(%q) = %#v, want %q", tt.in, got, tt.want)
		}
	}
}

func TestInterpolationOfIntIndex(t *testing.T) {
	v, err := ParseString(`part-{{ $.index }}`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Eval(context.Background(), map[string]any{"index": 7})
	if err != nil || got != "part-7" {
		t.Errorf("Eval = %#v, %v, want part-7", got, err)
	}
}

func TestInterpolationOfNull(t *testing.T) {
	_, err := evalString(t, `x-{{ $.inputs.none }}`)
	if err == nil || !strings.Contains(err.Error(), `is null`) {
		t.Errorf("error = %v, want a message that the reference is null", err)
	}
}

func TestInterpolationHTMLCharacters(t *testing.T) {
	doc := map[string]any{"m": map[string]any{"cond": "a<b && c>d"}}
	v, err := ParseString(`policy {{ $.m }}`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Eval(context.Background(), doc)
	if err != nil || got != `policy {"cond":"a<b && c>d"}` {
		t.Errorf("Eval = %#v, %v, want <, > and & unescaped", got, err)
	}
}
