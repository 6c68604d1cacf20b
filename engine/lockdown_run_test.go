package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/internal/sandbox"
	"github.com/s3play/s3play/internal/testserver"
)

// lockDownPolicy has one public read statement, which the lock-down removes,
// and a Deny for everyone, which it keeps.
func lockDownPolicy(bucket string) string {
	return `{"Version": "2012-10-17", "Statement": [
  {"Sid": "PublicRead", "Effect": "Allow", "Principal": {"AWS": ["*"]},
   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::` + bucket + `/*"},
  {"Sid": "ProtectArchive", "Effect": "Deny", "Principal": "*",
   "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::` + bucket + `/archive/*"}]}`
}

// sandboxRunner starts the sandbox and points a runner at it the way
// `s3play run --sandbox` does.
func sandboxRunner(t *testing.T) (*Runner, *s3.Client) {
	t.Helper()
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	sb, err := sandbox.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	runner := &Runner{Conn: actions.NewConnector(),
		Env: actions.Settings{EndpointURL: sb.Endpoint, Region: sb.Region}}
	runner.Conn.Credentials = sb.Credentials()
	client := s3.New(s3.Options{BaseEndpoint: aws.String(sb.Endpoint), UsePathStyle: true,
		Region: sb.Region, Credentials: sb.Credentials()})
	return runner, client
}

func runLockDown(t *testing.T, runner *Runner, bucket string) *Record {
	t.Helper()
	pb, err := LoadFile("../playbooks/lock-down-bucket.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := pb.ResolveInputs(map[string]string{"bucket": bucket})
	if err != nil {
		t.Fatal(err)
	}
	return runner.Run(context.Background(), pb, inputs)
}

func storedStatements(t *testing.T, client *s3.Client, bucket string) []any {
	t.Helper()
	out, err := client.GetBucketPolicy(context.Background(), &s3.GetBucketPolicyInput{Bucket: &bucket})
	if err != nil {
		t.Fatalf("get policy of %s: %v", bucket, err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(aws.ToString(out.Policy)), &doc); err != nil {
		t.Fatal(err)
	}
	statements, _ := doc["Statement"].([]any)
	return statements
}

func TestLockDownPlaybookSandbox(t *testing.T) {
	runner, client := sandboxRunner(t)
	bucket := "demo-keep"
	_, err := client.PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{
		Bucket: aws.String(bucket), Policy: aws.String(lockDownPolicy(bucket))})
	if err != nil {
		t.Fatal(err)
	}

	rec := runLockDown(t, runner, bucket)
	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %v", rec.Status, stepSummary(rec))
	}
	block, err := client.GetPublicAccessBlock(context.Background(),
		&s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	if c := block.PublicAccessBlockConfiguration; !aws.ToBool(c.BlockPublicAcls) ||
		!aws.ToBool(c.IgnorePublicAcls) || !aws.ToBool(c.BlockPublicPolicy) ||
		!aws.ToBool(c.RestrictPublicBuckets) {
		t.Errorf("public access block = %+v, want all four settings true", c)
	}
	statements := storedStatements(t, client, bucket)
	if len(statements) != 1 || statements[0].(map[string]any)["Sid"] != "ProtectArchive" {
		t.Errorf("statements = %v, want only ProtectArchive", statements)
	}
	if removed, _ := rec.Outputs["removed_statements"].([]any); len(removed) != 1 {
		t.Errorf("output removed_statements = %v, want one statement", rec.Outputs["removed_statements"])
	}

	again := runLockDown(t, runner, bucket)
	for _, step := range []*StepRecord{again.Steps[0], again.Steps[2]} {
		if step.Status != actions.Skipped {
			t.Errorf("second run: step %s is %s, want Skipped", step.ID, step.Status)
		}
		if !strings.HasPrefix(step.Reason, "nothing to change") {
			t.Errorf("second run: step %s reason = %q, want nothing to change", step.ID, step.Reason)
		}
	}
}

func TestLockDownPlaybookWithoutPolicy(t *testing.T) {
	runner, _ := sandboxRunner(t)

	rec := runLockDown(t, runner, "demo-keep")
	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %v", rec.Status, stepSummary(rec))
	}
	step := rec.Steps[2]
	if step.Status != actions.Skipped {
		t.Errorf("remove_public status = %s, want Skipped", step.Status)
	}
	if !strings.HasPrefix(step.Reason, "condition is false") {
		t.Errorf("remove_public reason = %q, want its condition", step.Reason)
	}
}

func TestLockDownPlaybookServer(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	bucket := srv.Bucket(t, "s3play-lock-")
	_, err := srv.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{
		Bucket: aws.String(bucket), Policy: aws.String(lockDownPolicy(bucket))})
	if err != nil {
		t.Fatal(err)
	}

	rec := runLockDown(t, newTestRunner(srv), bucket)
	block := rec.Steps[0]
	if block.Status != actions.Failed {
		t.Errorf("block step status = %s, want Failed", block.Status)
	}
	if block.Error == nil || block.Error.Code != "NotImplemented" {
		t.Errorf("block step error = %v, want NotImplemented", block.Error)
	}
	if rec.Status != actions.Failed {
		t.Errorf("run status = %s, want Failed because a step failed", rec.Status)
	}
	statements := storedStatements(t, srv.Client(), bucket)
	if len(statements) != 1 || statements[0].(map[string]any)["Sid"] != "ProtectArchive" {
		t.Errorf("statements = %v, want only ProtectArchive", statements)
	}
}
