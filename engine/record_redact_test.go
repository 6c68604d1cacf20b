package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
)

func TestRecordRedactsSecretInputs(t *testing.T) {
	pb := mustLoad(t, `
name: secrets
inputs:
  api_token: {type: string, required: true}
  prefix: {type: string, default: logs-}
steps:
  - id: echo
    action: s3.list_bucket_objects
    when: inputs.prefix == "never"
    with:
      bucket: my-bucket
      prefix: "{{ $.inputs.prefix }}"
`)
	inputs, err := pb.ResolveInputs(map[string]string{"api_token": "tok-123-very-secret"})
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	runner := &Runner{Conn: actions.NewConnector(),
		Env: actions.Settings{EndpointURL: "http://127.0.0.1:1", Region: "us-east-1"}}
	rec := runner.Run(context.Background(), pb, inputs)
	data, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "tok-123-very-secret") {
		t.Errorf("the record contains the secret input: %s", data)
	}
	if rec.Inputs["prefix"] != "logs-" {
		t.Errorf("prefix = %v, want logs- kept as given", rec.Inputs["prefix"])
	}
	if inputs["api_token"] != "tok-123-very-secret" {
		t.Error("redacting the record changed the inputs the steps read")
	}
}
