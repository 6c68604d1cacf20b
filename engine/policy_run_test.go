package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/internal/testserver"
)

const putPolicyPlaybook = `
name: put-home-policy
inputs:
  bucket: {type: string}
steps:
  - id: put
    action: s3.put_bucket_policy
    with:
      bucket: $.inputs.bucket
      policy:
        Version: 2012-10-17
        Statement:
          - Sid: OwnHome
            Effect: Allow
            Principal: "*"
            Action: [s3:GetObject, s3:PutObject]
            Resource: "arn:aws:s3:::{{ $.inputs.bucket }}/home/${aws:username}/*"
`

func TestRunPolicyKeepsVariables(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	bucket := srv.Bucket(t, "s3play-pol-")
	pb := mustLoad(t, putPolicyPlaybook)
	inputs := map[string]any{"bucket": bucket}

	rec := newTestRunner(srv).Run(context.Background(), pb, inputs)
	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %v", rec.Status, stepSummary(rec))
	}
	out, err := srv.Client().GetBucketPolicy(context.Background(),
		&s3.GetBucketPolicyInput{Bucket: &bucket})
	if err != nil {
		t.Fatal(err)
	}
	want := `"Resource":"arn:aws:s3:::` + bucket + `/home/${aws:username}/*"`
	if text := aws.ToString(out.Policy); !strings.Contains(text, want) {
		t.Errorf("stored policy %s lacks %s", text, want)
	}
	if !strings.Contains(aws.ToString(out.Policy), `"Version":"2012-10-17"`) {
		t.Errorf("stored policy %s lacks the version as a string", aws.ToString(out.Policy))
	}

	again := newTestRunner(srv).Run(context.Background(), pb, inputs)
	step := again.Steps[0]
	if step.Status != actions.Skipped {
		t.Errorf("second run status = %s, want Skipped", step.Status)
	}
	if !strings.Contains(step.Reason, "already has this policy") {
		t.Errorf("second run reason = %q", step.Reason)
	}
	if step.APICalls != 1 {
		t.Errorf("second run made %d API calls, want 1 (the get)", step.APICalls)
	}
}

func TestLoadRejectsInvalidPolicy(t *testing.T) {
	errs := loadErrors(t, `
name: bad-policy
steps:
  - id: put
    action: s3.put_bucket_policy
    with:
      bucket: my-bucket
      policy:
        Version: "2012-10-17"
        Statement:
          - Effect: allow
            Principal: "*"
            Action: s3:GetObject
            Resource: arn:aws:s3:::my-bucket/*
`)
	if len(errs) != 1 {
		t.Fatalf("errors = %v, want one", errs)
	}
	msg := errs[0].Error()
	if !strings.Contains(msg, `Statement[0].Effect "allow" is invalid`) {
		t.Errorf("error = %q, want it to name the field", msg)
	}
	if !strings.Contains(msg, "test.yaml:9:") {
		t.Errorf("error = %q, want the line of the policy", msg)
	}
}
