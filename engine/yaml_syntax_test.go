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
