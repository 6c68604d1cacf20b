package refs

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// decode parses a JSON document the way outputs reach the run document.
func decode(t testing.TB, text string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("decode fixture: %v", err)
	}
	return v
}

func get(t testing.TB, path string, doc any) (any, error) {
	t.Helper()
	p, err := CompilePath(path)
	if err != nil {
		t.Fatalf("CompilePath(%q): %v", path, err)
	}
	return p.Get(context.Background(), doc)
}

func mustGet(t testing.TB, path string, doc any) any {
	t.Helper()
	v, err := get(t, path, doc)
	if err != nil {
		t.Fatalf("Get(%q): %v", path, err)
	}
	return v
}

const listObjectsOutput = `{
  "Name": "logs-prod", "KeyCount": 3, "IsTruncated": false,
  "Contents": [
    {"Key": "a/report.csv", "Size": 1024, "StorageClass": "STANDARD", "IsLatest": true},
    {"Key": "a/empty.txt", "Size": 0, "StorageClass": "STANDARD", "IsLatest": false},
    {"Key": "b/archive.tar", "Size": 5368709120, "StorageClass": "GLACIER", "IsLatest": "yes"}
  ],
  "Buckets": [
    {"Name": "logs-dev", "CreationDate": "2024-01-02T03:04:05Z"},
    {"Name": "logs-prod", "CreationDate": "2025-06-07T08:09:10Z"}
  ],
  "Metadata": {"my.key": "dotted", "it's": "quoted"}
}`

func TestDialectFilters(t *testing.T) {
	doc := decode(t, listObjectsOutput)
	tests := []struct {
		name, path string
		want       []any
	}{
		{"greater than", `$.Contents[?(@.Size > 0)].Key`,
			[]any{"a/report.csv", "b/archive.tar"}},
		{"and", `$.Contents[?(@.Size >= 1024 && @.StorageClass == "STANDARD")].Key`,
			[]any{"a/report.csv"}},
		{"or", `$.Contents[?(@.Size == 0 || @.StorageClass == "GLACIER")].Key`,
			[]any{"a/empty.txt", "b/archive.tar"}},
		{"above 32 bits", `$.Contents[?(@.Size > 4294967296)].Key`,
			[]any{"b/archive.tar"}},
		{"single quotes in filter", `$.Buckets[?(@.Name == 'logs-prod')].CreationDate`,
			[]any{"2025-06-07T08:09:10Z"}},
		{"double quotes in filter", `$.Buckets[?(@.Name == "logs-prod")].CreationDate`,
			[]any{"2025-06-07T08:09:10Z"}},
		{"not", `$.Contents[?(!@.IsLatest)].Key`, []any{"a/empty.txt"}},
		{"truthiness", `$.Contents[?(@.IsLatest)].Key`, []any{"a/report.csv"}},
		{"loose equality", `$.Contents[?(@.Size == "1024")].Key`, []any{"a/report.csv"}},
		{"missing field skips item", `$.Contents[?(@.Owner != "me")].Key`, []any{}},
		{"regex", `$.Contents[?(@.Key =~ "^a/")].Key`,
			[]any{"a/report.csv", "a/empty.txt"}},
		{"in list", `$.Contents[?(@.Size in [0, 1024])].Key`,
			[]any{"a/report.csv", "a/empty.txt"}},
		{"mixed types compare as text", `$.Contents[?(@.Key > 1)].Key`,
			[]any{"a/report.csv", "a/empty.txt", "b/archive.tar"}},
		{"root inside filter", `$.Buckets[?(@.Name == $.Name)].Name`, []any{"logs-prod"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustGet(t, tt.path, doc)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Get(%q) = %#v, want %#v", tt.path, got, tt.want)
			}
		})
	}
}

func TestDialectSingleQuotedKeys(t *testing.T) {
	doc := decode(t, listObjectsOutput)
	tests := []struct{ single, double string }{
		{`$.Metadata['my.key']`, `$.Metadata["my.key"]`},
		{`$.Metadata['it\'s']`, `$.Metadata["it's"]`},
		{`$['Metadata']['my.key']`, `$.Metadata["my.key"]`},
	}
	for _, tt := range tests {
		got := mustGet(t, tt.single, doc)
		want := mustGet(t, tt.double, doc)
		if got != want {
			t.Errorf("Get(%q) = %#v, want %#v as for %s", tt.single, got, want, tt.double)
		}
	}
}

func TestDialectFilterWithQuotesInside(t *testing.T) {
	doc := decode(t, `{"Contents": [{"Key": "say \"hi\""}, {"Key": "it's"}, {"Key": "x"}]}`)
	tests := []struct {
		path string
		want []any
	}{
		{`$.Contents[?(@.Key == 'say "hi"')].Key`, []any{`say "hi"`}},
		{`$.Contents[?(@.Key == 'it\'s')].Key`, []any{"it's"}},
		{`$.Contents[?(@.Key == "it's")].Key`, []any{"it's"}},
	}
	for _, tt := range tests {
		got := mustGet(t, tt.path, doc)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Get(%q) = %#v, want %#v", tt.path, got, tt.want)
		}
	}
}

func TestDialectNullInFilter(t *testing.T) {
	doc := decode(t, `{"Versions": [{"Key": "a", "VersionId": null}, {"Key": "b", "VersionId": "v2"}]}`)
	got := mustGet(t, `$.Versions[?(@.VersionId == null)].Key`, doc)
	if !reflect.DeepEqual(got, []any{"a"}) {
		t.Errorf("== null: got %#v, want [a]", got)
	}
	got = mustGet(t, `$.Versions[?(@.VersionId != null)].Key`, doc)
	if !reflect.DeepEqual(got, []any{"b"}) {
		t.Errorf("!= null: got %#v, want [b]", got)
	}
}

func TestEmptyBucketWildcard(t *testing.T) {
	got := mustGet(t, `$.Contents[*].Key`, decode(t, `{"Contents": []}`))
	list, ok := got.([]any)
	if !ok || list == nil {
		t.Fatalf("got %#v, want a non-nil []any", got)
	}
	if len(list) != 0 {
		t.Errorf("got %d items, want 0", len(list))
	}
}

func TestRecursiveDescentOverVersions(t *testing.T) {
	doc := decode(t, `{
	  "Name": "logs-prod",
	  "Versions": [
	    {"Key": "a.txt", "VersionId": "v1", "IsLatest": true},
	    {"Key": "a.txt", "VersionId": "v0", "IsLatest": false},
	    {"Key": "b.txt", "VersionId": "v3", "IsLatest": true}
	  ],
	  "DeleteMarkers": [{"Key": "c.txt", "VersionId": "v9", "IsLatest": true}]
	}`)
	want := []any{"c.txt", "a.txt", "a.txt", "b.txt"}
	for range 20 {
		got := mustGet(t, `$..Key`, doc)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Get($..Key) = %#v, want %#v in document order", got, want)
		}
	}
}

func TestNoMatchOnDefinitePaths(t *testing.T) {
	doc := decode(t, `{"Buckets": [], "steps": {"x": {"output": {"KeyCount": 0}}}}`)
	tests := []struct{ path, reason string }{
		{`$.Buckets[0].Name`, "index 0 is out of range: $.Buckets has 0 items"},
		{`$.steps.x.output.Missing`, `$.steps.x.output has no key "Missing"`},
		{`$.steps.x.output.KeyCount.Deeper`, "$.steps.x.output.KeyCount is a number, not a map"},
		{`$.Buckets[-1]`, "negative index -1 on $.Buckets is not supported; use a slice such as [-1:]"},
	}
	for _, tt := range tests {
		_, err := get(t, tt.path, doc)
		if !errors.Is(err, ErrNoMatch) {
			t.Errorf("Get(%q) error = %v, want ErrNoMatch", tt.path, err)
			continue
		}
		var nm *NoMatchError
		if !errors.As(err, &nm) {
			t.Fatalf("Get(%q) error %T is not a *NoMatchError", tt.path, err)
		}
		if nm.Path != tt.path {
			t.Errorf("NoMatchError.Path = %q, want %q", nm.Path, tt.path)
		}
		if nm.Reason != tt.reason {
			t.Errorf("Get(%q) reason = %q, want %q", tt.path, nm.Reason, tt.reason)
		}
	}
}
