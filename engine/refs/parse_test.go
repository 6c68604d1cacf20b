package refs

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseStringErrors(t *testing.T) {
	tests := []struct {
		in      string
		offset  int
		message string
	}{
		{`$.steps.x and more`, 9,
			`unexpected space in path after $.steps.x; to write literal text that starts with $, ` +
				`escape it as \$`},
		{`$.50 off`, 2, "expected a name or * after the dot"},
		{`$.a.`, 4, "expected a name or * after the dot"},
		{`  $.a[`, 5, "unclosed ["},
		{`x {{ steps.x }}`, 5, "a reference starts with $: write {{ $.steps.x }}"},
		{`x {{ }}`, 2, "empty {{ }}"},
		{`x {{ $.a`, 2, "unclosed {{"},
		{`x {{ $.a[?(@.b >)] }} y`, 16, "invalid JSONPath"},
		{`{{ $.a }} {{ $.b.. }}`, 18, "expected a name or * after the dot"},
		{`$.a ?? none`, 7, `invalid default none: write text in double quotes, as in "none"`},
		{`$.a ?? [1,`, 7, "invalid default [1,"},
		{`$.a ??`, 6, "missing default after ??"},
		{`{{ $.a ?? }}`, 9, "missing default after ??"},
		{`$.a?? 1`, 3, `unexpected '?' in path`},
		{`$5 {{ $5 }}`, 7, `unexpected '5' in path`},
	}
	for _, tt := range tests {
		_, err := ParseString(tt.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseString(%q) error = %v, want a *SyntaxError", tt.in, err)
			continue
		}
		if se.Offset != tt.offset {
			t.Errorf("ParseString(%q) offset = %d, want %d (%v)", tt.in, se.Offset, tt.offset, err)
		}
		if !strings.Contains(se.Message, tt.message) {
			t.Errorf("ParseString(%q) message = %q, want it to contain %q", tt.in, se.Message, tt.message)
		}
	}
}

func TestRefsSourceAndOffset(t *testing.T) {
	type ref struct {
		source, path string
		offset       int
		hasDefault   bool
		def          any
	}
	tests := []struct {
		in   string
		want []ref
	}{
		{`  $.steps.x.output ?? []  `, []ref{
			{`$.steps.x.output ?? []`, `$.steps.x.output`, 2, true, []any{}}}},
		{`a-{{ $.item }}-b-{{$.index ?? 0}}`, []ref{
			{`$.item`, `$.item`, 5, false, nil},
			{`$.index ?? 0`, `$.index`, 19, true, float64(0)}}},
		{`{{ $.inputs.name ?? null }}`, []ref{
			{`$.inputs.name ?? null`, `$.inputs.name`, 3, true, nil}}},
	}
	for _, tt := range tests {
		v, err := ParseString(tt.in)
		if err != nil {
			t.Fatalf("ParseString(%q): %v", tt.in, err)
		}
		refs := v.Refs()
		if len(refs) != len(tt.want) {
			t.Fatalf("ParseString(%q) has %d refs, want %d", tt.in, len(refs), len(tt.want))
		}
		for i, w := range tt.want {
			r := refs[i]
			got := ref{r.Source, r.Path.String(), r.Offset, r.HasDefault, r.Default}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("ParseString(%q) ref %d = %+v, want %+v", tt.in, i, got, w)
			}
			if tt.in[r.Offset] != '$' {
				t.Errorf("ParseString(%q) ref %d offset %d points at %q, want $",
					tt.in, i, r.Offset, tt.in[r.Offset])
			}
		}
	}
}

func TestIsLiteralWithRefs(t *testing.T) {
	v, err := ParseString(`bucket-{{ $.item }}`)
	if err != nil {
		t.Fatal(err)
	}
	if v.IsLiteral() {
		t.Error("IsLiteral() = true for a value with a reference")
	}
	if got := v.Literal(); got != `bucket-{{ $.item }}` {
		t.Errorf("Literal() = %q, want the string as written", got)
	}
}
