package engine

import (
	"errors"
	"strings"
	"testing"
)

func TestYAMLSyntaxErrorPositions(t *testing.T) {
	cases := []struct {
		name, src string
		line, col int
	}{
		{"key indented one space too little",
			"name: bad\nsteps:\n  - id: a\n    action: s3.list_buckets\n   with: {x: 1}\n", 5, 4},
		{"unclosed quote",
			"name: \"bad\nsteps:\n  - id: a\n", 1, 7},
		{"step key indented too little",
			"name: bad\nsteps:\n  - id: a\n   action: s3.list_buckets\n", 4, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load("bad.yaml", []byte(c.src))
			var list ErrorList
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("error = %v, want one positioned error", err)
			}
			if list[0].Pos.Line != c.line || list[0].Pos.Column != c.col {
				t.Errorf("position = %d:%d, want %d:%d (%s)", list[0].Pos.Line,
					list[0].Pos.Column, c.line, c.col, list[0].Message)
			}
			if !strings.HasPrefix(list[0].Message, "invalid YAML: ") {
				t.Errorf("message = %q, want it to start with invalid YAML", list[0].Message)
			}
			if !strings.Contains(list[0].Message, "indentation") {
				t.Errorf("message = %q, want a hint to check the indentation", list[0].Message)
			}
		})
	}
}

func TestYAMLAliasErrorPositions(t *testing.T) {
	cases := []struct {
		name, src, want string
		line, col       int
	}{
		{"alias before its anchor",
			"name: t\nsteps:\n  - id: a\n    action: s3.list_buckets\n    description: *d\n" +
				"  - id: b\n    action: s3.list_buckets\n    description: &d hello\n",
			"alias *d refers to no anchor: define &d before this line", 5, 18},
		{"alias without anchor",
			"name: t\nsteps:\n  - id: a\n    action: *nope\n",
			"alias *nope refers to no anchor", 4, 13},
		{"star in a flow map",
			"name: t\nsteps:\n  - id: a\n    action: s3.put_bucket_policy\n" +
				"    with: {bucket: logs, policy: {Statement: [{Principal: *, Effect: Deny}]}}\n",
			`quote it as "*"`, 5, 59},
		{"star in a flow list",
			"name: t\nsteps:\n  - id: a\n    action: s3.delete_bucket_objects\n" +
				"    with: {bucket: logs, keys: [*]}\n",
			`quote it as "*"`, 5, 33},
		{"star as a block value",
			"name: t\nsteps:\n  - id: a\n    action: s3.delete_bucket_objects\n" +
				"    with:\n      bucket: logs\n      keys: *\n",
			`quote it as "*"`, 7, 13},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load("bad.yaml", []byte(c.src))
			var list ErrorList
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("error = %v, want one positioned error", err)
			}
			if list[0].Pos.Line != c.line || list[0].Pos.Column != c.col {
				t.Errorf("position = %d:%d, want %d:%d (%s)", list[0].Pos.Line,
					list[0].Pos.Column, c.line, c.col, list[0].Message)
			}
			if !strings.Contains(list[0].Message, c.want) {
				t.Errorf("message = %q, want it to contain %q", list[0].Message, c.want)
			}
		})
	}
}
