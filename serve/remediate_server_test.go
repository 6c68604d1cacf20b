package serve

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/history"
	"github.com/s3play/s3play/internal/testserver"
)

// TestServeRemediatesOnServer schedules the shipped remediation playbook
// against versitygw, limited to this test's buckets, and lets it run twice.
func TestServeRemediatesOnServer(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	prefix := testserver.UniqueName("serve") + "-"
	bucket := prefix + "public"
	srv.CreateBucket(t, bucket)
	policy := `{"Version": "2012-10-17", "Statement": [{"Sid": "PublicRead", "Effect": "Allow",
	  "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::` + bucket + `/*"}]}`
	_, err := srv.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{
		Bucket: aws.String(bucket), Policy: aws.String(policy)})
	if err != nil {
		t.Fatal(err)
	}
	source, err := os.ReadFile("../playbooks/remediate-public-buckets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	scoped := strings.Replace(string(source), `default: ""`, `default: "`+prefix+`"`, 1)
	newRunner := func() *engine.Runner {
		return &engine.Runner{Conn: actions.NewConnector(),
			Env: actions.Settings{EndpointURL: srv.Endpoint}}
	}
	h := startHarness(t, writeFolder(t, map[string]string{"remediate.yaml": scoped}), newRunner)

	h.tick(t, 1, time.Hour)
	h.waitForEntries(t, history.KindRun, 1)
	h.tick(t, 1, time.Hour)
	runs := h.waitForEntries(t, history.KindRun, 2)

	_, err = srv.Client().GetBucketPolicy(context.Background(), &s3.GetBucketPolicyInput{Bucket: &bucket})
	if err == nil || !strings.Contains(err.Error(), "NoSuchBucketPolicy") {
		t.Errorf("bucket %s still has a policy (error %v); its only statement was public", bucket, err)
	}
	first, second := storedRecord(t, h, runs[1].ID), storedRecord(t, h, runs[0].ID)
	if got := first.Outputs["cleaned_buckets"]; len(got.([]any)) != 1 {
		t.Errorf("first run cleaned_buckets = %v, want [%s]", got, bucket)
	}
	// The policy is gone, so the second run has no policy to clean.
	remove := second.Steps[4]
	if remove.Status != actions.Skipped || second.APICalls != first.APICalls-2 {
		t.Errorf("second run remove_public = %s with %d API calls (first run %d), want Skipped "+
			"without the read and delete of the policy", remove.Status, second.APICalls, first.APICalls)
	}
	checkMetricsMatchHistory(t, h, "remediate-public-buckets")
}

func storedRecord(t *testing.T, h *harness, id string) engine.Record {
	t.Helper()
	_, raw, err := h.store.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var rec engine.Record
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}
