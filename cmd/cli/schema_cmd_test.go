package cli

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/s3play/s3play/schema"
)

func TestSchemaPrintsEmbeddedSchema(t *testing.T) {
	code, out, errOut := execute(t, "schema")
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	if !bytes.Equal([]byte(out), schema.JSON) {
		t.Error("output differs from the embedded playbook.schema.json")
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if doc["$id"] != schema.ID {
		t.Errorf("$id = %v, want %s", doc["$id"], schema.ID)
	}
}
