package schema

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite playbook.schema.json from the action registry")

func TestSchemaMatchesRegistry(t *testing.T) {
	got, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("playbook.schema.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, JSON) {
		t.Fatal("playbook.schema.json is out of date: run go test ./schema -update")
	}
}
