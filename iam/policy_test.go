package iam_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/iam"
)

func report(t *testing.T, src string, inputs map[string]string) *iam.Report {
	t.Helper()
	pb, err := engine.Load("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	r, err := iam.ForPlaybook(pb, iam.Options{Inputs: inputs})
	if err != nil {
		t.Fatalf("ForPlaybook: %v", err)
	}
	return r
}

// resourcesOf returns the resources granted to an IAM action, sorted.
func resourcesOf(p iam.Policy, action string) []string {
	var out []string
	for _, s := range p.Statement {
		if slices.Contains(s.Action, action) {
			out = append(out, s.Resource...)
		}
	}
	slices.Sort(out)
	return out
}

func hasNote(r *iam.Report, parts ...string) bool {
	for _, n := range r.Notes {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(n, p)
		}
		if all {
			return true
		}
	}
	return false
}

func TestLiteralBucketExactARN(t *testing.T) {
	r := report(t, `
name: literal
steps:
  - id: objects
    action: s3.list_bucket_objects
    with: {bucket: evidence-2024}
`, nil)
	got := resourcesOf(r.Policy, "s3:ListBucket")
	if !slices.Equal(got, []string{"arn:aws:s3:::evidence-2024"}) {
		t.Errorf("s3:ListBucket resources = %v", got)
	}
	if len(r.Notes) != 0 {
		t.Errorf("notes = %v, want none", r.Notes)
	}
}

const inputPlaybook = `
name: input
inputs:
  bucket: {type: string, required: true}
  folder: {type: string, default: cases}
steps:
  - id: upload
    action: s3.upload_files
    with:
      bucket: $.inputs.bucket
      files: [report.txt]
      folder: "{{ $.inputs.folder }}/IR-7"
`

func TestInputBucketExactARN(t *testing.T) {
	r := report(t, inputPlaybook, map[string]string{"bucket": "evidence"})
	got := resourcesOf(r.Policy, "s3:PutObject")
	if !slices.Equal(got, []string{"arn:aws:s3:::evidence/cases/IR-7/*"}) {
		t.Errorf("s3:PutObject resources = %v", got)
	}
	if len(r.Notes) != 0 {
		t.Errorf("notes = %v, want none: the folder does not name a bucket", r.Notes)
	}
}

func TestMissingInputWildcardWithNote(t *testing.T) {
	r := report(t, inputPlaybook, nil)
	got := resourcesOf(r.Policy, "s3:PutObject")
	if !slices.Equal(got, []string{"arn:aws:s3:::*/cases/IR-7/*"}) {
		t.Errorf("s3:PutObject resources = %v", got)
	}
	if !hasNote(r, "input bucket has no value", "upload", "--input bucket=VALUE") {
		t.Errorf("notes = %q, want one about input bucket", r.Notes)
	}
}

func TestStepReferenceWildcardWithNote(t *testing.T) {
	r := report(t, `
name: reference
steps:
  - id: buckets
    action: s3.list_buckets
  - id: delete
    action: s3.delete_buckets
    with:
      bucket_names: $.steps.buckets.output.Buckets[*].Name
`, nil)
	if got := resourcesOf(r.Policy, "s3:DeleteBucket"); !slices.Equal(got, []string{"arn:aws:s3:::*"}) {
		t.Errorf("s3:DeleteBucket resources = %v", got)
	}
	if got := resourcesOf(r.Policy, "s3:ListAllMyBuckets"); !slices.Equal(got, []string{"*"}) {
		t.Errorf("s3:ListAllMyBuckets resources = %v", got)
	}
	if !hasNote(r, "step delete", "$.steps.buckets.output.Buckets[*].Name", "arn:aws:s3:::*") {
		t.Errorf("notes = %q, want one naming the reference", r.Notes)
	}
}

func TestLiteralForEachExactARNs(t *testing.T) {
	r := report(t, `
name: loop
steps:
  - id: empty
    action: s3.delete_bucket_objects
    for_each: [logs-a, logs-b]
    with: {bucket: $.item, keys: [old.txt]}
`, nil)
	want := []string{"arn:aws:s3:::logs-a/*", "arn:aws:s3:::logs-b/*"}
	if got := resourcesOf(r.Policy, "s3:DeleteObject"); !slices.Equal(got, want) {
		t.Errorf("s3:DeleteObject resources = %v, want %v", got, want)
	}
	if got := resourcesOf(r.Policy, "s3:ListBucketVersions"); len(got) != 0 {
		t.Errorf("s3:ListBucketVersions granted on %v for named keys without all_versions", got)
	}
}

const prefixPlaybook = `
name: prefix
inputs:
  prefix: {type: string, default: tmp-}
steps:
  - id: buckets
    action: s3.list_buckets
  - id: empty
    action: s3.delete_bucket_objects
    for_each: $.steps.buckets.output.Buckets[*].Name
    when: WHEN
    with: {bucket: $.item, keys: ["*"], all_versions: true}
`

func TestWhenPrefixNarrowsWildcard(t *testing.T) {
	cases := []struct {
		when, prefix string
		want         []string
	}{
		{"item startsWith inputs.prefix", "", []string{"arn:aws:s3:::tmp-*"}},
		{"item startsWith inputs.prefix", "scratch.", []string{"arn:aws:s3:::scratch.*"}},
		{`item startsWith "ci-"`, "", []string{"arn:aws:s3:::ci-*"}},
		{"item startsWith inputs.prefix", "Bad*", []string{"arn:aws:s3:::*"}},
		{"item startsWith inputs.prefix && index < 3", "", []string{"arn:aws:s3:::*"}},
		{"item endsWith inputs.prefix", "", []string{"arn:aws:s3:::*"}},
	}
	for _, c := range cases {
		t.Run(c.when+" "+c.prefix, func(t *testing.T) {
			inputs := map[string]string{}
			if c.prefix != "" {
				inputs["prefix"] = c.prefix
			}
			r := report(t, strings.Replace(prefixPlaybook, "WHEN", c.when, 1), inputs)
			if got := resourcesOf(r.Policy, "s3:ListBucketVersions"); !slices.Equal(got, c.want) {
				t.Errorf("s3:ListBucketVersions resources = %v, want %v", got, c.want)
			}
			if !hasNote(r, "step empty", c.want[0]) {
				t.Errorf("notes = %q, want one naming %s", r.Notes, c.want[0])
			}
		})
	}
}

func TestWiderResourceCoversNarrower(t *testing.T) {
	r := report(t, `
name: covered
steps:
  - id: buckets
    action: s3.list_buckets
  - id: one
    action: s3.delete_buckets
    with: {bucket_names: [kept-bucket]}
  - id: all
    action: s3.delete_buckets
    with:
      bucket_names: $.steps.buckets.output.Buckets[*].Name
`, nil)
	if got := resourcesOf(r.Policy, "s3:DeleteBucket"); !slices.Equal(got, []string{"arn:aws:s3:::*"}) {
		t.Errorf("s3:DeleteBucket resources = %v, want only the wildcard", got)
	}
}

func TestKeyPrefixEscapesWildcards(t *testing.T) {
	r := report(t, inputPlaybook, map[string]string{"bucket": "evidence", "folder": "a*b?$c"})
	want := []string{"arn:aws:s3:::evidence/a${*}b${?}${$}c/IR-7/*"}
	if got := resourcesOf(r.Policy, "s3:PutObject"); !slices.Equal(got, want) {
		t.Errorf("s3:PutObject resources = %v, want %v", got, want)
	}
}

func TestPolicyShapeDeterministic(t *testing.T) {
	src := strings.Replace(prefixPlaybook, "WHEN", "item startsWith inputs.prefix", 1)
	first, _ := json.Marshal(report(t, src, nil).Policy)
	for range 5 {
		again, _ := json.Marshal(report(t, src, nil).Policy)
		if string(again) != string(first) {
			t.Fatalf("policy changed between calls:\n%s\n%s", first, again)
		}
	}
	p := report(t, src, nil).Policy
	if p.Version != "2012-10-17" {
		t.Errorf("Version = %q", p.Version)
	}
	sids := map[string]bool{}
	for _, s := range p.Statement {
		if s.Sid == "" || sids[s.Sid] || s.Effect != "Allow" {
			t.Errorf("statement %+v: want a unique Sid and Effect Allow", s)
		}
		sids[s.Sid] = true
		if !slices.IsSorted(s.Action) || !slices.IsSorted(s.Resource) {
			t.Errorf("statement %s is not sorted: %+v", s.Sid, s)
		}
	}
}

func TestInvalidInputs(t *testing.T) {
	pb, err := engine.Load("test.yaml", []byte(inputPlaybook))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]map[string]string{
		"unknown input":  {"bucket": "evidence", "bukcet": "x"},
		"invalid bucket": {"bucket": "Not_A_Bucket"},
	}
	for name, inputs := range cases {
		if _, err := iam.ForPlaybook(pb, iam.Options{Inputs: inputs}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

const succeededPlaybook = `
name: succeeded
inputs:
  prefix: {type: string, default: tmp-}
steps:
  - id: buckets
    action: s3.list_buckets
  - id: empty
    action: s3.delete_bucket_objects
    for_each: FOR_EACH
    when: item startsWith inputs.prefix
    with: {bucket: $.item, keys: ["*"], all_versions: true}
  - id: delete
    action: s3.delete_buckets
    with:
      bucket_names: ITEMS
`

func TestSucceededItemsOfEarlierLoop(t *testing.T) {
	cases := []struct {
		name, forEach, items string
		want                 []string
	}{
		{"prefix condition", "$.steps.buckets.output.Buckets[*].Name",
			`$.steps.empty.items[?(@.status == "Succeeded")].item`,
			[]string{"arn:aws:s3:::tmp-*"}},
		{"known list", "[tmp-a, tmp-b]",
			`$.steps.empty.items[?(@.status == 'Succeeded')].item`,
			[]string{"arn:aws:s3:::tmp-a", "arn:aws:s3:::tmp-b"}},
		{"every item", "$.steps.buckets.output.Buckets[*].Name",
			"$.steps.empty.items[*].item", []string{"arn:aws:s3:::*"}},
		{"failed items", "$.steps.buckets.output.Buckets[*].Name",
			`$.steps.empty.items[?(@.status == "Failed")].item`, []string{"arn:aws:s3:::*"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(succeededPlaybook, "FOR_EACH", c.forEach, 1)
			src = strings.Replace(src, "ITEMS", c.items, 1)
			r := report(t, src, nil)
			if got := resourcesOf(r.Policy, "s3:DeleteBucket"); !slices.Equal(got, c.want) {
				t.Errorf("s3:DeleteBucket resources = %v, want %v", got, c.want)
			}
		})
	}
}
