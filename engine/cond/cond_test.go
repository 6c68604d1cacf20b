package cond

import (
	"strings"
	"testing"
)

// listing mirrors what a step's output looks like after JSON decoding:
// every number is a float64.
func listing() map[string]any {
	return map[string]any{
		"inputs": map[string]any{"prefix": "logs-"},
		"steps": map[string]any{
			"objects": map[string]any{
				"status": "Succeeded",
				"output": map[string]any{
					"KeyCount": float64(4),
					"Size":     float64(5368709120 * 2),
					"Contents": []any{},
				},
			},
		},
	}
}

func eval(t *testing.T, src string, doc map[string]any) (bool, error) {
	t.Helper()
	c, err := Compile(src)
	if err != nil {
		t.Fatalf("compile %q: %v", src, err)
	}
	return c.Eval(doc)
}

func TestJSONNumbers(t *testing.T) {
	cases := map[string]bool{
		`steps.objects.output.KeyCount % 2 == 0`:  true,
		`steps.objects.output.KeyCount % 3 == 0`:  false,
		`steps.objects.output.Size > 5368709120`:  true,
		`steps.objects.output.KeyCount == 4`:      true,
		`steps.objects.output.KeyCount / 2 == 2`:  true,
		`steps.objects.output.KeyCount + 1 > 4.5`: true,
	}
	for src, want := range cases {
		got, err := eval(t, src, listing())
		if err != nil || got != want {
			t.Errorf("%s = %v, %v; want %v", src, got, err, want)
		}
	}
}

func TestModuloErrors(t *testing.T) {
	for _, src := range []string{`steps.objects.output.KeyCount % 0 == 0`, `2.5 % 2 == 0`, `"a" % 2 == 0`} {
		if _, err := eval(t, src, listing()); err == nil {
			t.Errorf("%s: no error", src)
		}
	}
}

func TestMissingFieldsAndNil(t *testing.T) {
	cases := map[string]bool{
		`len(steps.objects.output.Contents) > 0`:                                       false,
		`steps.objects.output.Missing == nil`:                                          true,
		`len(steps.objects.output.Missing ?? []) == 0`:                                 true,
		`steps.objects.output?.Missing?.Deeper == nil`:                                 true,
		`steps.objects.status == "Succeeded"`:                                          true,
		`(steps.objects.output.Missing ?? 0) > 0`:                                      false,
		`steps.objects.output.Missing != nil && len(steps.objects.output.Missing) > 0`: false,
	}
	for src, want := range cases {
		got, err := eval(t, src, listing())
		if err != nil || got != want {
			t.Errorf("%s = %v, %v; want %v", src, got, err, want)
		}
	}
	// Reading through nil without ?. gives an error instead of a silent false.
	for _, src := range []string{`steps.objects.output.Missing.Deeper == nil`, `steps.objects.output.Missing > 0`} {
		if _, err := eval(t, src, listing()); err == nil {
			t.Errorf("%s: no error", src)
		}
	}
}

func TestItemAndIndex(t *testing.T) {
	doc := listing()
	doc["item"], doc["index"] = "logs-prod", 3
	c, err := Compile(`item startsWith inputs.prefix && index % 2 == 1`)
	if err != nil {
		t.Fatal(err)
	}
	if !c.UsesItem() {
		t.Error("UsesItem() = false")
	}
	if ok, err := c.Eval(doc); !ok || err != nil {
		t.Errorf("Eval = %v, %v", ok, err)
	}
	doc["item"] = "data-prod"
	if ok, err := c.Eval(doc); ok || err != nil {
		t.Errorf("Eval = %v, %v", ok, err)
	}
}

func TestCompileErrors(t *testing.T) {
	cases := map[string]string{
		`itme startsWith "a"`:        "unknown name itme",
		"steps.x.output.N ==\n 4 &&": "unexpected token",
		`"just a string"`:            "bool",
	}
	for src, want := range cases {
		_, err := Compile(src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Compile(%q) error = %v, want it to mention %q", src, err, want)
		}
	}
}

func TestNonBooleanResultAtRunTime(t *testing.T) {
	if _, err := eval(t, `steps.objects.output.KeyCount`, listing()); err == nil {
		t.Error("a number result gave no error")
	}
}

func TestStepRefs(t *testing.T) {
	c, err := Compile(`steps.b.status == "Failed" || len(steps["a"].output.Contents) > 0 || steps.b.output != nil`)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(c.StepRefs(), ",")
	if got != "a,b" {
		t.Errorf("StepRefs = %s, want a,b", got)
	}
	if c.UsesItem() {
		t.Error("UsesItem() = true without item or index")
	}
}

func TestInputRefsAndStepFields(t *testing.T) {
	c, err := Compile(`inputs.prefix != "" && inputs["limit"] > 0 && steps.list.status == "Succeeded" && len(steps.list.output.Contents) > 0`)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.InputRefs(), ","); got != "limit,prefix" {
		t.Errorf("InputRefs = %s, want limit,prefix", got)
	}
	var fields []string
	for _, f := range c.StepFields() {
		fields = append(fields, f.Step+"."+f.Field)
	}
	if got := strings.Join(fields, ","); got != "list.status,list.output" {
		t.Errorf("StepFields = %s, want list.status,list.output", got)
	}
}
