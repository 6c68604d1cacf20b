package refs

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestCompilePathErrors(t *testing.T) {
	tests := []struct {
		src     string
		offset  int
		message string
	}{
		{`steps.x`, 0, "a path starts with $"},
		{`$steps`, 1, `unexpected 's' in path`},
		{`$.a + 1`, 3, "unexpected space in path after $.a"},
		{`$.a.`, 4, "expected a name or * after the dot"},
		{`$.my-key`, 4, `unexpected '-' in path`},
		{`$.a[`, 3, "unclosed ["},
		{`$.a[]`, 3, "empty brackets"},
		{`$.a['x]`, 4, "unterminated string"},
		{`$.Contents[?(@.Size >)]`, 21, "invalid JSONPath"},
		{`$.Buckets[?(@.Name == 'a' &&)].Name`, 28, "invalid JSONPath"},
		{`$.a.0`, 4, "expected a name or * after the dot"},
	}
	for _, tt := range tests {
		_, err := CompilePath(tt.src)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("CompilePath(%q) error = %v, want a *SyntaxError", tt.src, err)
			continue
		}
		if se.Offset != tt.offset {
			t.Errorf("CompilePath(%q) offset = %d, want %d (%v)", tt.src, se.Offset, tt.offset, err)
		}
		if !strings.Contains(se.Message, tt.message) {
			t.Errorf("CompilePath(%q) message = %q, want it to contain %q",
				tt.src, se.Message, tt.message)
		}
	}
}

func TestPathRootAndDefinite(t *testing.T) {
	tests := []struct {
		src      string
		root     []string
		definite bool
	}{
		{`$`, nil, true},
		{`$.steps.buckets.output.Buckets[*]`, []string{"steps", "buckets", "output", "Buckets"}, false},
		{`$["steps"]["x"].output`, []string{"steps", "x", "output"}, true},
		{`$['steps'].x`, []string{"steps", "x"}, true},
		{`$.steps.x.output.Buckets[0].Name`, []string{"steps", "x", "output", "Buckets"}, true},
		{`$.inputs.names[1:]`, []string{"inputs", "names"}, false},
		{`$.inputs.names[0,1]`, []string{"inputs", "names"}, false},
		{`$..Key`, nil, false},
		{`$.steps.*.status`, []string{"steps"}, false},
		{`$.steps.x.items[?(@.status == "Succeeded")].item`, []string{"steps", "x", "items"}, false},
		{`$.item`, []string{"item"}, true},
	}
	for _, tt := range tests {
		p, err := CompilePath(tt.src)
		if err != nil {
			t.Fatalf("CompilePath(%q): %v", tt.src, err)
		}
		if got := p.Root(); !reflect.DeepEqual(got, tt.root) {
			t.Errorf("Root(%q) = %q, want %q", tt.src, got, tt.root)
		}
		if got := p.Definite(); got != tt.definite {
			t.Errorf("Definite(%q) = %v, want %v", tt.src, got, tt.definite)
		}
		if got := p.String(); got != tt.src {
			t.Errorf("String() = %q, want %q", got, tt.src)
		}
	}
}

func TestGetDefiniteKeepsType(t *testing.T) {
	doc := decode(t, `{"n": 5368709120, "b": true, "s": "x", "z": null, "l": [1, "two"]}`)
	tests := []struct {
		path string
		want any
	}{
		{`$.n`, float64(5368709120)},
		{`$.b`, true},
		{`$.s`, "x"},
		{`$.z`, nil},
		{`$.l`, []any{float64(1), "two"}},
		{`$.l[1]`, "two"},
	}
	for _, tt := range tests {
		if got := mustGet(t, tt.path, doc); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Get(%q) = %#v, want %#v", tt.path, got, tt.want)
		}
	}
}

func TestGetIntIndex(t *testing.T) {
	doc := map[string]any{"index": 7, "item": map[string]any{"n": int64(3)}}
	if got := mustGet(t, `$.index`, doc); got != 7 {
		t.Errorf("Get($.index) = %#v, want 7", got)
	}
	if got := mustGet(t, `$.item.n`, doc); got != int64(3) {
		t.Errorf("Get($.item.n) = %#v, want int64 3", got)
	}
}

func TestGetWildcardMissingPrefix(t *testing.T) {
	doc := decode(t, `{"steps": {"x": {"output": {"Contents": null}}}}`)
	_, err := get(t, `$.steps.x.output.Contnets[*].Key`, doc)
	if !errors.Is(err, ErrNoMatch) {
		t.Fatalf("error = %v, want ErrNoMatch for a missing key before the wildcard", err)
	}
	if !strings.Contains(err.Error(), `$.steps.x.output has no key "Contnets"`) {
		t.Errorf("error = %q, want it to name the missing key", err)
	}
	got := mustGet(t, `$.steps.x.output.Contents[*].Key`, doc)
	if !reflect.DeepEqual(got, []any{}) {
		t.Errorf("null before the wildcard: got %#v, want an empty list", got)
	}
}

func TestGetWildcardOverMapIsSorted(t *testing.T) {
	doc := decode(t, `{"m": {"zeta": 1, "alpha": 2, "10": 3, "9": 4, "mid": {"k": 5}}}`)
	want := []any{float64(4), float64(3), float64(2), map[string]any{"k": float64(5)}, float64(1)}
	for range 20 {
		if got := mustGet(t, `$.m.*`, doc); !reflect.DeepEqual(got, want) {
			t.Fatalf("Get($.m.*) = %#v, want %#v", got, want)
		}
	}
	for range 20 {
		got := mustGet(t, `$.m[?(@ > 1 && @ < 100)]`, doc)
		if !reflect.DeepEqual(got, []any{float64(4), float64(3), float64(2)}) {
			t.Fatalf("Get($.m[?(@ > 1 && @ < 100)]) = %#v, want [4 3 2]", got)
		}
	}
}

func TestGetListOrderKept(t *testing.T) {
	doc := decode(t, `{"l": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}`)
	got := mustGet(t, `$.l[*]`, doc).([]any)
	for i, v := range got {
		if v != float64(i) {
			t.Fatalf("Get($.l[*])[%d] = %v, want %d", i, v, i)
		}
	}
	if got := mustGet(t, `$.l[3,1]`, doc); !reflect.DeepEqual(got, []any{3.0, 1.0}) {
		t.Errorf("union: got %#v, want [3 1] in the order written", got)
	}
	if got := mustGet(t, `$.l[-2:]`, doc); !reflect.DeepEqual(got, []any{10.0, 11.0}) {
		t.Errorf("slice: got %#v, want [10 11]", got)
	}
}

func TestGetReturnsCopies(t *testing.T) {
	doc := decode(t, `{"a": {"list": [{"k": "v"}]}}`)
	whole := mustGet(t, `$.a`, doc).(map[string]any)
	whole["list"].([]any)[0].(map[string]any)["k"] = "changed"
	many := mustGet(t, `$.a.list[*]`, doc).([]any)
	many[0].(map[string]any)["k"] = "changed"
	if got := mustGet(t, `$.a.list[0].k`, doc); got != "v" {
		t.Errorf("document changed through a result: k = %v, want v", got)
	}
}

func TestGetCanceledContext(t *testing.T) {
	p, err := CompilePath(`$.a`)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Get(ctx, map[string]any{"a": 1.0}); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

func TestGetConcurrent(t *testing.T) {
	p, err := CompilePath(`$.m.*`)
	if err != nil {
		t.Fatal(err)
	}
	doc := decode(t, `{"m": {"b": 2, "a": 1}}`)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				got, err := p.Get(context.Background(), doc)
				if err != nil || !reflect.DeepEqual(got, []any{1.0, 2.0}) {
					t.Errorf("Get = %#v, %v", got, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkGetItem(b *testing.B) {
	p, err := CompilePath(`$.item.Key`)
	if err != nil {
		b.Fatal(err)
	}
	doc := map[string]any{"item": map[string]any{"Key": "a/b.txt", "Size": 1024.0}, "index": 3}
	ctx := context.Background()
	for b.Loop() {
		if _, err := p.Get(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetFilter10k(b *testing.B) {
	contents := make([]any, 10000)
	for i := range contents {
		contents[i] = map[string]any{"Key": "k", "Size": float64(i)}
	}
	doc := map[string]any{"Contents": contents}
	p, err := CompilePath(`$.Contents[?(@.Size > 10)].Key`)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.Get(context.Background(), doc); err != nil {
			b.Fatal(err)
		}
	}
}
