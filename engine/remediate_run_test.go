package engine

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/internal/fakeaws"
	"github.com/s3play/s3play/internal/sandbox"
	"github.com/s3play/s3play/internal/testserver"
)

const namedPrincipalPolicy = `{"Version": "2012-10-17", "Statement": [
  {"Sid": "TeamRead", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::rem-closed/*"}]}`

const publicOnlyPolicy = `{"Version": "2012-10-17", "Statement": [
  {"Sid": "Everyone", "Effect": "Allow", "Principal": {"AWS": ["*"]},
   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::rem-partial/*"}]}`

// sandboxRemediation serves an empty sandbox behind a writeRecorder and
// creates four buckets under rem-, one in each state the playbook must
// handle, plus a public bucket outside the prefix.
func sandboxRemediation(t *testing.T) (*writeRecorder, *Runner, *s3.Client) {
	t.Helper()
	fakeaws.Isolate(t)
	recorder, endpoint := startRecorder(t, sandbox.Handler("AKIDREMEDIATE"))
	creds := credentials.NewStaticCredentialsProvider("AKIDREMEDIATE", "remediate-secret", "")
	client := s3.New(s3.Options{BaseEndpoint: aws.String(endpoint), UsePathStyle: true,
		Region: "us-east-1", Credentials: creds})
	for _, b := range []string{"rem-closed", "rem-denied", "rem-open", "rem-partial", "other-open"} {
		if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: &b}); err != nil {
			t.Fatal(err)
		}
	}
	putPolicy(t, client, "rem-open", lockDownPolicy("rem-open"))
	putPolicy(t, client, "rem-partial", publicOnlyPolicy)
	putBlock(t, client, "rem-partial", false)
	putPolicy(t, client, "rem-closed", namedPrincipalPolicy)
	putBlock(t, client, "rem-closed", true)
	putPolicy(t, client, "rem-denied", lockDownPolicy("rem-denied"))
	putPolicy(t, client, "other-open", lockDownPolicy("other-open"))
	recorder.denyBlock["rem-denied"] = true
	recorder.takeWrites()

	runner := &Runner{Conn: actions.NewConnector(),
		Env: actions.Settings{EndpointURL: endpoint, Region: "us-east-1"}}
	runner.Conn.Credentials = creds
	return recorder, runner, client
}

func TestRemediatePublicBucketsSandbox(t *testing.T) {
	recorder, runner, client := sandboxRemediation(t)

	rec := runRemediate(t, runner, "rem-")
	if rec.Status != actions.PartiallySucceeded {
		t.Errorf("run status = %s, want PartiallySucceeded because one block could not be read; %v",
			rec.Status, stepSummary(rec))
	}
	wantWrites := []string{
		"DELETE /rem-partial?policy=",
		"PUT /rem-denied?policy=",
		"PUT /rem-open?policy=",
		"PUT /rem-open?publicAccessBlock=",
		"PUT /rem-partial?publicAccessBlock=",
	}
	if got := recorder.takeWrites(); !slices.Equal(got, wantWrites) {
		t.Errorf("writes =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantWrites, "\n"))
	}
	checkOutputs(t, rec, map[string][]string{
		"blocked_buckets":   {"rem-open", "rem-partial"},
		"cleaned_buckets":   {"rem-denied", "rem-open", "rem-partial"},
		"unchecked_buckets": {"rem-denied"},
	})
	checkRemediated(t, client)

	again := runRemediate(t, runner, "rem-")
	if got := recorder.takeWrites(); len(got) != 0 {
		t.Errorf("second run wrote:\n%s", strings.Join(got, "\n"))
	}
	checkOutputs(t, again, map[string][]string{
		"blocked_buckets": {}, "cleaned_buckets": {}, "unchecked_buckets": {"rem-denied"},
	})
}

// checkOutputs compares outputs as sets, because the sandbox lists
// buckets in no fixed order.
func checkOutputs(t *testing.T, rec *Record, want map[string][]string) {
	t.Helper()
	for name, values := range want {
		got := outputList(rec, name)
		slices.Sort(got)
		if !slices.Equal(got, values) {
			t.Errorf("output %s = %v, want %v", name, got, values)
		}
	}
}

func checkRemediated(t *testing.T, client *s3.Client) {
	t.Helper()
	for bucket, want := range map[string][]string{
		"rem-open": {"ProtectArchive"}, "rem-denied": {"ProtectArchive"}, "rem-partial": nil,
		"rem-closed": {"TeamRead"}, "other-open": {"PublicRead", "ProtectArchive"},
	} {
		if got := statementIDs(t, client, bucket); !slices.Equal(got, want) {
			t.Errorf("bucket %s statements = %v, want %v", bucket, got, want)
		}
	}
	for _, bucket := range []string{"rem-open", "rem-partial", "rem-closed"} {
		out, err := client.GetPublicAccessBlock(context.Background(),
			&s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
		if err != nil {
			t.Fatal(err)
		}
		c := out.PublicAccessBlockConfiguration
		if !aws.ToBool(c.BlockPublicAcls) || !aws.ToBool(c.IgnorePublicAcls) ||
			!aws.ToBool(c.BlockPublicPolicy) || !aws.ToBool(c.RestrictPublicBuckets) {
			t.Errorf("bucket %s block = %+v, want all four settings on", bucket, c)
		}
	}
}

// TestRemediatePublicBucketsServer runs the playbook against versitygw,
// which has bucket policies but returns NotImplemented for public access
// blocks.
func TestRemediatePublicBucketsServer(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	prefix := testserver.UniqueName("rem") + "-"
	public, private := prefix+"public", prefix+"private"
	srv.CreateBucket(t, public)
	srv.CreateBucket(t, private)
	putPolicy(t, srv.Client(), public, lockDownPolicy(public))
	recorder, endpoint := startRecorder(t, proxyTo(t, srv.Endpoint))
	runner := &Runner{Conn: actions.NewConnector(), Env: actions.Settings{EndpointURL: endpoint}}

	rec := runRemediate(t, runner, prefix)
	if got := recorder.takeWrites(); !slices.Equal(got, []string{"PUT /" + public + "?policy="}) {
		t.Errorf("writes = %v, want one PutBucketPolicy for %s", got, public)
	}
	if got := statementIDs(t, srv.Client(), public); !slices.Equal(got, []string{"ProtectArchive"}) {
		t.Errorf("statements = %v, want only ProtectArchive", got)
	}
	checkOutputs(t, rec, map[string][]string{
		"cleaned_buckets": {public}, "unchecked_buckets": {private, public},
	})
	// Buckets of tests running at the same time are listed too, as
	// skipped items, because their names lack the prefix.
	var failed []actions.Item
	for _, it := range rec.Steps[1].Items {
		if it.Status == actions.Failed {
			failed = append(failed, it)
		}
	}
	for _, it := range failed {
		if it.Error == nil || it.Error.Code != "NotImplemented" {
			t.Errorf("pab item %v error = %v, want NotImplemented", it.Item, it.Error)
		}
	}
	if len(failed) != 2 {
		t.Errorf("pab has %d failed items, want 2: %+v", len(failed), rec.Steps[1].Items)
	}
	if rec.Status != actions.Failed {
		t.Errorf("run status = %s, want Failed: no public access block could be read", rec.Status)
	}

	again := runRemediate(t, runner, prefix)
	if got := recorder.takeWrites(); len(got) != 0 {
		t.Errorf("second run wrote: %v", got)
	}
	remove := again.Steps[4]
	if len(remove.Items) != 1 || remove.Items[0].Status != actions.Skipped {
		t.Errorf("second run remove_public items = %+v, want one Skipped", remove.Items)
	}
}
