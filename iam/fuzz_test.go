package iam_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/iam"
)

// FuzzForPlaybook checks that no playbook the loader accepts makes the
// policy builder panic.
func FuzzForPlaybook(f *testing.F) {
	files, _ := filepath.Glob("../playbooks/*.yaml")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data, "prefix", "tmp-")
		}
	}
	f.Add([]byte(strings.Replace(prefixPlaybook, "WHEN", "item startsWith inputs.prefix", 1)),
		"prefix", "a*")
	f.Fuzz(func(t *testing.T, data []byte, input, value string) {
		pb, err := engine.Load("fuzz.yaml", data)
		if err != nil {
			return
		}
		_, _ = iam.ForPlaybook(pb, iam.Options{Inputs: map[string]string{input: value}})
	})
}
