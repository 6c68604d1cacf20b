package engine

import (
	"fmt"
	"strings"
	"testing"
)

// withValue returns the literal value of a step's parameter.
func withValue(t *testing.T, pb *Playbook, step int, name string) any {
	t.Helper()
	arg := pb.Steps[step].With[name]
	if arg == nil {
		t.Fatalf("step %s has no parameter %s", pb.Steps[step].ID, name)
	}
	return arg.tree.(literal).value
}

func TestLoadMergeKeyOwnKeysWin(t *testing.T) {
	pb := mustLoad(t, `
name: merge
steps:
  - id: first
    action: s3.list_bucket_objects
    with: &defaults {bucket: logs, prefix: old/, max_objects: 10}
  - id: second
    action: s3.list_bucket_objects
    with:
      prefix: new/
      <<: *defaults
`)
	if got := withValue(t, pb, 1, "bucket"); got != "logs" {
		t.Errorf("bucket = %#v, want the merged logs", got)
	}
	if got := withValue(t, pb, 1, "prefix"); got != "new/" {
		t.Errorf("prefix = %#v, want new/ written in the map itself", got)
	}
	if got := withValue(t, pb, 1, "max_objects"); got != 10 {
		t.Errorf("max_objects = %#v, want the merged 10", got)
	}
	if pos := pb.Steps[1].With["bucket"].Pos; pos.Line != 6 || pos.Column != 30 {
		t.Errorf("bucket position = %v, want 6:30 where the merged value is written", pos)
	}
}

func TestLoadMergeKeyListFirstWins(t *testing.T) {
	pb := mustLoad(t, `
name: merge
steps:
  - id: a
    action: s3.list_bucket_objects
    with: &a {bucket: from-a, prefix: a/}
  - id: b
    action: s3.list_bucket_objects
    with: &b {bucket: from-b, max_objects: 5}
  - id: both
    action: s3.list_bucket_objects
    with:
      <<: [*a, *b, {prefix: inline/, max_objects: 7}]
`)
	for name, want := range map[string]any{"bucket": "from-a", "prefix": "a/", "max_objects": 5} {
		if got := withValue(t, pb, 2, name); got != want {
			t.Errorf("%s = %#v, want %#v from the first map in the list that has it", name, got, want)
		}
	}
}

func TestLoadMergeKeyStepAndNested(t *testing.T) {
	pb := mustLoad(t, `
name: merge
steps:
  - &base
    id: first
    action: s3.list_bucket_objects
    on_error: continue
    connection: &conn {region: eu-west-1}
    with: {bucket: logs}
  - <<: *base
    id: second
    connection:
      <<: *conn
      role_arn: arn:aws:iam::123456789012:role/reader
`)
	second := pb.Steps[1]
	if second.ActionName != "s3.list_bucket_objects" || second.OnError != OnErrorContinue {
		t.Errorf("second step = %s, on_error %s; want the merged action and on_error",
			second.ActionName, second.OnError)
	}
	if got := withValue(t, pb, 1, "bucket"); got != "logs" {
		t.Errorf("merged with: bucket = %#v, want logs", got)
	}
	conn := second.Connection
	if conn.Region == nil || *conn.Region != "eu-west-1" {
		t.Errorf("region = %v, want the merged eu-west-1", conn.Region)
	}
	if conn.RoleARN == nil || !strings.HasSuffix(*conn.RoleARN, "role/reader") {
		t.Errorf("role_arn = %v, want the role written in the map", conn.RoleARN)
	}
}

func TestLoadMergeKeyErrors(t *testing.T) {
	for _, tc := range []struct {
		name, with, want string
		line, column     int
	}{
		{"scalar value", "{<<: 5, bucket: b}", `invalid merge key << in with of step m: it takes a map`, 9, 16},
		{"alias to a list", "{<<: *list, bucket: b}", `got a list`, 9, 16},
		{"list with a scalar", "{<<: [*d, x], bucket: b}", `got the value "x"`, 9, 21},
		{"unknown merged key", "{<<: *d}", `unknown key "bogus" in with of step m`, 6, 26},
		{"quoted key", `{"<<": *d, bucket: b}`, `unknown key "<<" in with of step m`, 9, 12},
		{"two merge keys", "{<<: *d, <<: *d, bucket: b}", "duplicate merge key <<", 9, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf(`
name: merge
steps:
  - id: l
    action: s3.list_bucket_objects
    with: &d {bucket: b, bogus: 1}
    for_each: &list [a]
  - id: m
    with: %s
    action: s3.list_bucket_objects
`, tc.with)
			var found *LoadError
			for _, e := range loadErrors(t, src) {
				if strings.Contains(e.Message, tc.want) {
					found = e
				}
			}
			if found == nil {
				t.Fatalf("no error containing %q in:\n%v", tc.want, loadErrors(t, src))
			}
			if found.Pos.Line != tc.line || found.Pos.Column != tc.column {
				t.Errorf("position = %v, want %d:%d", found.Pos, tc.line, tc.column)
			}
		})
	}
}

func TestLoadMergedErrorsReportedOnce(t *testing.T) {
	list := loadErrors(t, `
name: merge
steps:
  - id: l
    action: s3.put_bucket_policy
    with:
      bucket: b
      policy: {Version: "2012-10-17", <<: &p {Statement: [], Statement: []}}
  - id: m
    action: s3.put_bucket_policy
    with:
      bucket: b
      policy: {Version: "2012-10-17", <<: *p}
`)
	count := 0
	for _, e := range list {
		if strings.Contains(e.Message, `duplicate key "Statement"`) {
			count++
		}
	}
	if count != 1 {
		t.Errorf("duplicate key reported %d times, want once:\n%v", count, list)
	}
}

func TestLoadMergeKeyBombRejected(t *testing.T) {
	src := "name: bomb\na: &a {k: [x, x, x, x, x, x, x, x, x, x]}\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g"} {
		src += fmt.Sprintf("%s: &%s {<<: [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]}\n",
			name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	list := loadErrors(t, src+"steps: [{id: s, action: s3.list_buckets, connection: {<<: *g}}]\n")
	if len(list) != 1 || !strings.Contains(list[0].Message, "YAML aliases") {
		t.Fatalf("errors = %v, want one about YAML aliases", list)
	}
}

func TestLoadAliasToMapAccepted(t *testing.T) {
	pb := mustLoad(t, `
name: alias
steps:
  - id: first
    action: s3.list_bucket_objects
    with: &d {bucket: logs}
  - id: second
    action: s3.list_bucket_objects
    with: *d
`)
	if got := withValue(t, pb, 1, "bucket"); got != "logs" {
		t.Errorf("bucket = %#v, want logs through the alias", got)
	}
}
