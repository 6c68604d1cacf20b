package schema

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/s3play/s3play/engine"
)

// compiled compiles the embedded schema. No network is used: the draft
// 2020-12 meta-schema is built into the library.
func compiled(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSON))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(ID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(ID)
	if err != nil {
		t.Fatalf("compile playbook.schema.json: %v", err)
	}
	return s
}

// instance converts a YAML playbook to the JSON value an editor checks.
// Scalars keep the loader's reading: text stays text, so 2012-10-17 and
// 0755 are strings, and only plain numbers, true, false and null change
// type. A number with underscores, such as 1_000, stays text as in YAML
// 1.2, which editors use, although yaml.v3 reads it as a number.
func instance(t *testing.T, data []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parse YAML: %v", err)
	}
	return nodeValue(&doc)
}

func nodeValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		return nodeValue(n.Content[0])
	case yaml.AliasNode:
		return nodeValue(n.Alias)
	case yaml.SequenceNode:
		out := []any{}
		for _, c := range n.Content {
			out = append(out, nodeValue(c))
		}
		return out
	case yaml.MappingNode:
		return mappingValue(n)
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		return n.Value == "true"
	case "!!int", "!!float":
		if strings.Contains(n.Value, "_") {
			return n.Value
		}
		return json.Number(n.Value)
	}
	return n.Value
}

// mappingValue applies YAML merge keys (`<<`) as yaml.v3 v3.0.1 decodes
// them, so the schema checks the same map as an editor that resolves merge
// keys. The map's own keys win, then the merged maps in the order listed.
func mappingValue(n *yaml.Node) map[string]any {
	out := map[string]any{}
	var merge *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		if key.Value == "<<" && key.ShortTag() == "!!merge" {
			merge = n.Content[i+1]
			continue
		}
		out[key.Value] = nodeValue(n.Content[i+1])
	}
	if merge == nil {
		return out
	}
	sources := []*yaml.Node{merge}
	if merge.Kind == yaml.SequenceNode {
		sources = merge.Content
	}
	for _, source := range sources {
		merged, _ := nodeValue(source).(map[string]any)
		for k, v := range merged {
			if _, ok := out[k]; !ok {
				out[k] = v
			}
		}
	}
	return out
}

func shippedPlaybooks(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../playbooks/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no playbooks found: %v", err)
	}
	return files
}

func TestShippedPlaybooksMatchSchema(t *testing.T) {
	s := compiled(t)
	for _, file := range shippedPlaybooks(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(instance(t, data)); err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}
}

func TestShippedPlaybooksNameSchema(t *testing.T) {
	const want = "# yaml-language-server: $schema=../schema/playbook.schema.json"
	for _, file := range shippedPlaybooks(t) {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		first := bufio.NewScanner(f)
		first.Scan()
		f.Close()
		if first.Text() != want {
			t.Errorf("%s: first line is %q, want %q", file, first.Text(), want)
		}
	}
}

// badPlaybooks each break one rule. The schema and the loader must both
// reject them, so an editor flags what s3play validate reports.
var badPlaybooks = map[string]string{
	"unknown top-level key": `
name: x
step: []
steps: [{id: a, action: s3.list_buckets}]`,
	"unknown step key": `
name: x
steps:
  - {id: a, action: s3.list_buckets, fro_each: [1]}`,
	"missing name": `
steps: [{id: a, action: s3.list_buckets}]`,
	"unknown action": `
name: x
steps: [{id: a, action: s3.list_bucket}]`,
	"parameter of the wrong type": `
name: x
steps:
  - id: a
    action: s3.list_bucket_objects
    with: {bucket: logs, max_objects: ten}`,
	"missing required parameter": `
name: x
steps:
  - {id: a, action: s3.delete_buckets, with: {}}`,
	"unknown parameter": `
name: x
steps:
  - {id: a, action: s3.list_buckets, with: {bucket: logs}}`,
	"invalid on_error": `
name: x
steps:
  - {id: a, action: s3.list_buckets, on_error: ignore}`,
	"unknown input type": `
name: x
inputs: {bucket: {type: text}}
steps: [{id: a, action: s3.list_buckets}]`,
	"unknown connection key": `
name: x
connection: {regoin: eu-west-1}
steps: [{id: a, action: s3.list_buckets}]`,
	"retry out of range": `
name: x
steps:
  - {id: a, action: s3.list_buckets, retry: {max_attempts: 50}}`,
	"session duration out of range": `
name: x
connection: {session_duration: 60}
steps: [{id: a, action: s3.list_buckets}]`,
	"number as description": `
name: x
description: 5
steps: [{id: a, action: s3.list_buckets}]`,
	"boolean as text parameter": `
name: x
steps:
  - {id: a, action: s3.list_bucket_objects, with: {bucket: logs, prefix: true}}`,
	"scalar in place of a key list": `
name: x
steps:
  - {id: a, action: s3.delete_bucket_objects, with: {bucket: logs, keys: "*"}}`,
	"listing entry without Key": `
name: x
steps:
  - id: a
    action: s3.download_files
    with: {bucket: logs, keys: [{Size: 3}], destination: out}`,
	"text in place of for_each list": `
name: x
steps:
  - {id: a, action: s3.list_bucket_objects, for_each: demo-keep, with: {bucket: $.item}}`,
	"map in place of for_each list": `
name: x
steps:
  - {id: a, action: s3.list_buckets, for_each: {a: 1}}`,
	"text around a reference in for_each": `
name: x
steps:
  - {id: a, action: s3.list_buckets, for_each: 'a{{ $.inputs.x }}'}`,
	"template in an integer parameter": `
name: x
inputs: {n: {type: integer, default: 2}}
steps:
  - id: a
    action: s3.list_bucket_objects
    with: {bucket: logs, max_objects: '1{{ $.inputs.n }}'}`,
	"template in a boolean parameter": `
name: x
inputs: {v: {type: boolean, default: true}}
steps:
  - id: a
    action: s3.delete_bucket_objects
    with: {bucket: logs, keys: [a], all_versions: '{{ $.inputs.v }}s'}`,
	"template in max_attempts": `
name: x
inputs: {n: {type: integer, default: 2}}
connection: {max_attempts: '{{ $.inputs.n }}0'}
steps: [{id: a, action: s3.list_buckets}]`,
	"template in session_duration": `
name: x
inputs: {n: {type: integer, default: 9}}
steps:
  - id: a
    action: s3.list_buckets
    connection: {session_duration: '{{ $.inputs.n }}00'}`,
	"single listing entry without Key": `
name: x
steps:
  - {id: a, action: s3.delete_bucket_objects, with: {bucket: logs, keys: {Size: 3}}}`,
	// yaml.v3 reads 1_000 as 1000, but YAML 1.2 editors read it as text.
	// The loader rejects it too, with a hint to drop the underscores.
	"integer with underscores": `
name: x
steps:
  - {id: a, action: s3.list_buckets, max_items: 1_000}`,
	"integer parameter with underscores": `
name: x
steps:
  - {id: a, action: s3.list_bucket_objects, with: {bucket: logs, max_objects: 1_000}}`,
	"unknown parameter through a merge key": `
name: x
steps:
  - id: a
    action: s3.list_bucket_objects
    with: {<<: {bucket: logs, buckets: [data]}}`,
	"integer with a fraction": `
name: x
steps:
  - {id: a, action: s3.list_buckets, max_items: 5.5}`,
}

// goodPlaybooks use forms that are easy to get wrong in one of the two.
// The schema and the loader must both accept them.
var goodPlaybooks = map[string]string{
	"number as text parameter": `
name: x
steps:
  - {id: a, action: s3.list_bucket_objects, with: {bucket: logs, prefix: 2024}}`,
	"constant condition": `
name: x
steps:
  - {id: a, action: s3.list_buckets, when: false}`,
	"listing entries as keys": `
name: x
steps:
  - id: a
    action: s3.move_files
    with:
      source_bucket: logs
      destination_bucket: quarantine
      keys: [{Key: a.txt, Size: 3, ETag: '"abc"'}, b.txt]`,
	"literal for_each list": `
name: x
steps:
  - {id: a, action: s3.list_bucket_objects, for_each: [logs, data], with: {bucket: $.item}}`,
	"single listing entry as keys": `
name: x
steps:
  - {id: a, action: s3.delete_bucket_objects, with: {bucket: logs, keys: {Key: a}}}`,
	"template in checksum": `
name: x
inputs: {mode: {type: string, default: required}}
connection: {checksum: 'when_{{ $.inputs.mode }}'}
steps: [{id: a, action: s3.list_buckets}]`,
	"reference alone in template braces": `
name: x
inputs: {n: {type: integer, default: 2}, v: {type: boolean, default: true}}
connection: {max_attempts: '{{ $.inputs.n }}'}
steps:
  - id: a
    action: s3.delete_bucket_objects
    with: {bucket: logs, keys: [a], all_versions: ' {{ $.inputs.v }} '}`,
	"merge key in with": `
name: x
steps:
  - id: a
    action: s3.list_bucket_objects
    with: &logs {bucket: logs, prefix: a/}
  - id: b
    action: s3.list_bucket_objects
    with:
      <<: *logs
      prefix: b/`,
	"merge keys in a step and a connection": `
name: x
steps:
  - &base
    id: a
    action: s3.list_bucket_objects
    connection: &eu {region: eu-west-1}
    with: {bucket: logs}
  - <<: *base
    id: b
    connection: {<<: [*eu, {region: us-west-2, role_arn: "arn:aws:iam::123456789012:role/r"}], role_session_name: reader}`,
	// JSON Schema's integer type takes 5.0, so the loader reads it as 5.
	"integer written with a zero fraction": `
name: x
connection: {session_duration: 900.0}
steps:
  - {id: a, action: s3.list_bucket_objects, max_items: 5.0, with: {bucket: logs, max_objects: 10.0}}`,
}

func TestGoodPlaybooksPassSchemaAndLoader(t *testing.T) {
	s := compiled(t)
	for name, src := range goodPlaybooks {
		t.Run(name, func(t *testing.T) {
			if err := s.Validate(instance(t, []byte(src))); err != nil {
				t.Errorf("the schema rejects it: %v", err)
			}
			if _, err := engine.Load("good.yaml", []byte(src)); err != nil {
				t.Errorf("the loader rejects it: %v", err)
			}
		})
	}
}

func TestBadPlaybooksFailSchemaAndLoader(t *testing.T) {
	s := compiled(t)
	for name, src := range badPlaybooks {
		t.Run(name, func(t *testing.T) {
			if err := s.Validate(instance(t, []byte(src))); err == nil {
				t.Error("the schema accepts it")
			}
			if _, err := engine.Load("bad.yaml", []byte(src)); err == nil {
				t.Error("the loader accepts it")
			}
		})
	}
}
