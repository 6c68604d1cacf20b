package engine

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad checks that no playbook text makes the loader panic, because
// `s3play validate` runs it on whatever a user wrote.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("../playbooks/*.yaml")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("name: x\nsteps:\n  - {id: b, action: s3.list_buckets, for_each: $.steps.a[}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Load("fuzz.yaml", data)
	})
}
