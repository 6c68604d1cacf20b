package actions

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3play/s3play/internal/testserver"
)

// publicReadPolicy allows anyone to read the objects under each user's
// home folder. Its policy variable must reach the server unchanged.
func publicReadPolicy(bucket string) map[string]any {
	return map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid":       "PublicRead",
			"Effect":    "Allow",
			"Principal": "*",
			"Action":    "s3:GetObject",
			"Resource":  "arn:aws:s3:::" + bucket + "/home/${aws:username}/*",
		}},
	}
}

// protectStatement is a Deny for everyone, which is not public access.
func protectStatement(bucket string) map[string]any {
	return map[string]any{
		"Sid":       "ProtectArchive",
		"Effect":    "Deny",
		"Principal": "*",
		"Action":    "s3:DeleteObject",
		"Resource":  "arn:aws:s3:::" + bucket + "/archive/*",
	}
}

// runWithStats runs an action and returns the number of API calls it made.
func runWithStats(t *testing.T, call *Call, name string) (*Result, int64, error) {
	t.Helper()
	a, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	var stats Stats
	res, err := a.Run(WithStats(context.Background(), &stats), call)
	return res, stats.Calls.Load(), err
}

// storedPolicyText reads the policy text straight from the server.
func storedPolicyText(t *testing.T, srv *testserver.Server, bucket string) string {
	t.Helper()
	out, err := srv.Client().GetBucketPolicy(context.Background(),
		&s3.GetBucketPolicyInput{Bucket: &bucket})
	if err != nil {
		t.Fatalf("get policy of %s: %v", bucket, err)
	}
	return aws.ToString(out.Policy)
}

func putPolicyText(t *testing.T, srv *testserver.Server, bucket, text string) {
	t.Helper()
	_, err := srv.Client().PutBucketPolicy(context.Background(),
		&s3.PutBucketPolicyInput{Bucket: &bucket, Policy: &text})
	if err != nil {
		t.Fatalf("put policy on %s: %v", bucket, err)
	}
}

func TestGetBucketPolicyWithoutPolicy(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-pol-")
	call.Params = Params{"bucket": bucket}

	res, err := runAction(t, call, "s3.get_bucket_policy")
	if err != nil {
		t.Fatalf("get policy failed: %v", err)
	}
	if res.Outcome() != Succeeded {
		t.Errorf("status = %s, want Succeeded", res.Outcome())
	}
	out := res.Output.(map[string]any)
	if out["HasPolicy"] != false {
		t.Errorf("HasPolicy = %v, want false", out["HasPolicy"])
	}
	if out["Policy"] != nil {
		t.Errorf("Policy = %v, want null", out["Policy"])
	}
	if out["Bucket"] != bucket {
		t.Errorf("Bucket = %v, want %s", out["Bucket"], bucket)
	}
}

func TestGetBucketPolicyParsesStored(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-pol-")
	text := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
		"Action": "s3:GetObject", "Resource": "arn:aws:s3:::` + bucket + `/home/${aws:username}/*",
		"Sid": "PublicRead"}]}`
	putPolicyText(t, srv, bucket, text)
	call.Params = Params{"bucket": bucket}

	res, err := runAction(t, call, "s3.get_bucket_policy")
	if err != nil {
		t.Fatalf("get policy failed: %v", err)
	}
	out := res.Output.(map[string]any)
	if out["HasPolicy"] != true {
		t.Errorf("HasPolicy = %v, want true", out["HasPolicy"])
	}
	if out["PolicyText"] != text {
		t.Errorf("PolicyText = %v, want the stored text unchanged", out["PolicyText"])
	}
	policy, ok := out["Policy"].(map[string]any)
	if !ok {
		t.Fatalf("Policy = %T, want a map", out["Policy"])
	}
	if !samePolicy(policy, publicReadPolicy(bucket)) {
		t.Errorf("Policy = %v, want the stored policy", policy)
	}
}

func TestGetBucketPolicyNoSuchBucket(t *testing.T) {
	call, _ := serverCall(t, nil)
	bucket := testserver.UniqueName("s3play-missing-")
	call.Params = Params{"bucket": bucket}

	_, err := runAction(t, call, "s3.get_bucket_policy")
	if err == nil {
		t.Fatal("get policy of a missing bucket succeeded")
	}
	f := NewFailure("", "", err)
	if f.Indicator != "Get Bucket Policy failed for "+bucket+"." {
		t.Errorf("indicator = %q", f.Indicator)
	}
	if f.StatusCode != "404" {
		t.Errorf("status code = %s, want 404", f.StatusCode)
	}
	if f.Code != "NoSuchBucket" {
		t.Errorf("code = %s, want NoSuchBucket", f.Code)
	}
	want := "An error occurred (NoSuchBucket) when calling the GetBucketPolicy operation: "
	if !strings.HasPrefix(f.Message, want) {
		t.Errorf("message = %q, want prefix %q", f.Message, want)
	}
}

func TestPutBucketPolicyRoundTrip(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-pol-")
	call.Params = Params{"bucket": bucket, "policy": publicReadPolicy(bucket)}

	res, err := runAction(t, call, "s3.put_bucket_policy")
	if err != nil {
		t.Fatalf("put policy failed: %v", err)
	}
	out := res.Output.(map[string]any)
	if res.Outcome() != Succeeded {
		t.Errorf("status = %s, want Succeeded", res.Outcome())
	}
	if out["Changed"] != true {
		t.Errorf("Changed = %v, want true", out["Changed"])
	}
	if out["Before"] != nil {
		t.Errorf("Before = %v, want null for a bucket without a policy", out["Before"])
	}
	text := storedPolicyText(t, srv, bucket)
	if !strings.Contains(text, `"Resource":"arn:aws:s3:::`+bucket+`/home/${aws:username}/*"`) {
		t.Errorf("stored policy %s lacks the policy variable as written", text)
	}
	stored, err := policyFromJSON(text)
	if err != nil {
		t.Fatal(err)
	}
	if !samePolicy(stored, publicReadPolicy(bucket)) {
		t.Errorf("stored policy %s differs from the policy put", text)
	}
}

func TestPutBucketPolicyJSONString(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-pol-")
	// A single statement object: versitygw 1.8.0 accepts only a list, so
	// this also checks that the action sends a list.
	text := `{"Version": "2012-10-17", "Statement": {"Sid": "PublicRead", "Effect": "Allow",
		"Principal": "*", "Action": "s3:GetObject",
		"Resource": "arn:aws:s3:::` + bucket + `/home/${aws:username}/*"}}`
	call.Params = Params{"bucket": bucket, "policy": text}

	if _, err := runAction(t, call, "s3.put_bucket_policy"); err != nil {
		t.Fatalf("put policy failed: %v", err)
	}
	stored, err := policyFromJSON(storedPolicyText(t, srv, bucket))
	if err != nil {
		t.Fatal(err)
	}
	if !samePolicy(stored, publicReadPolicy(bucket)) {
		t.Errorf("stored policy %v differs from the JSON string put", stored)
	}
}

// countingPolicyClient counts the requests that change a bucket policy.
type countingPolicyClient struct {
	*s3.Client
	puts, deletes atomic.Int64
}

func (c *countingPolicyClient) PutBucketPolicy(ctx context.Context, in *s3.PutBucketPolicyInput,
	opts ...func(*s3.Options)) (*s3.PutBucketPolicyOutput, error) {
	c.puts.Add(1)
	return c.Client.PutBucketPolicy(ctx, in, opts...)
}

func (c *countingPolicyClient) DeleteBucketPolicy(ctx context.Context, in *s3.DeleteBucketPolicyInput,
	opts ...func(*s3.Options)) (*s3.DeleteBucketPolicyOutput, error) {
	c.deletes.Add(1)
	return c.Client.DeleteBucketPolicy(ctx, in, opts...)
}

func TestPutBucketPolicyIdempotent(t *testing.T) {
	srv := testserver.Versity(t)
	bucket := srv.Bucket(t, "s3play-pol-")
	// The server keeps the text as sent, so a reformatted copy checks that
	// the comparison is over parsed JSON, not text.
	putPolicyText(t, srv, bucket, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": "+
		"\"PublicRead\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", "+
		"\"Resource\": \"arn:aws:s3:::"+bucket+"/home/${aws:username}/*\"}]\n}")
	client := &countingPolicyClient{Client: srv.Client()}
	desired, err := parsePolicy(publicReadPolicy(bucket))
	if err != nil {
		t.Fatal(err)
	}

	res, err := applyPolicy(context.Background(), client, "Put Bucket Policy", bucket, desired, []any{})
	if err != nil {
		t.Fatalf("put policy failed: %v", err)
	}
	if res.Outcome() != Skipped {
		t.Errorf("status = %s, want Skipped", res.Outcome())
	}
	if !strings.Contains(res.Reason, "nothing to change") {
		t.Errorf("reason = %q, want it to say nothing changes", res.Reason)
	}
	if got := res.Output.(map[string]any)["Changed"]; got != false {
		t.Errorf("Changed = %v, want false", got)
	}
	if n := client.puts.Load(); n != 0 {
		t.Errorf("PutBucketPolicy requests = %d, want 0", n)
	}
}

func TestPutBucketPolicySecondRunSkipped(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-pol-")
	call.Params = Params{"bucket": bucket, "policy": publicReadPolicy(bucket)}

	_, calls, err := runWithStats(t, call, "s3.put_bucket_policy")
	if err != nil {
		t.Fatalf("first put failed: %v", err)
	}
	if calls != 2 {
		t.Errorf("first put made %d calls, want 2 (get, put)", calls)
	}
	res, calls, err := runWithStats(t, call, "s3.put_bucket_policy")
	if err != nil {
		t.Fatalf("second put failed: %v", err)
	}
	if calls != 1 {
		t.Errorf("second put made %d calls, want 1 (the get)", calls)
	}
	if res.Outcome() != Skipped {
		t.Errorf("second put status = %s, want Skipped", res.Outcome())
	}
}

func TestPutBucketPolicyInvalidNoCall(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-pol-")
	policy := publicReadPolicy(bucket)
	firstStatement(policy)["Effect"] = "Permit"
	call.Params = Params{"bucket": bucket, "policy": policy}

	_, calls, err := runWithStats(t, call, "s3.put_bucket_policy")
	if calls != 0 {
		t.Errorf("invalid policy made %d calls, want 0", calls)
	}
	if err == nil {
		t.Fatal("invalid policy was accepted")
	}
	f := NewFailure("", "", err)
	if f.StatusCode != CodeValidation {
		t.Errorf("status code = %q, want %q", f.StatusCode, CodeValidation)
	}
	if !strings.Contains(f.Message, `Statement[0].Effect "Permit" is invalid`) {
		t.Errorf("message = %q, want it to name the field", f.Message)
	}
}

func TestPutBucketPolicyNoSuchBucket(t *testing.T) {
	call, _ := serverCall(t, nil)
	bucket := testserver.UniqueName("s3play-missing-")
	call.Params = Params{"bucket": bucket, "policy": publicReadPolicy(bucket)}

	_, err := runAction(t, call, "s3.put_bucket_policy")
	if err == nil {
		t.Fatal("put policy on a missing bucket succeeded")
	}
	f := NewFailure("", "", err)
	if f.Indicator != "Put Bucket Policy failed for "+bucket+"." {
		t.Errorf("indicator = %q", f.Indicator)
	}
	if f.StatusCode != "404" {
		t.Errorf("status code = %s, want 404", f.StatusCode)
	}
	if f.Code != "NoSuchBucket" {
		t.Errorf("code = %s, want NoSuchBucket", f.Code)
	}
	if !strings.Contains(f.Message, "(NoSuchBucket) when calling the GetBucketPolicy operation") {
		t.Errorf("message = %q", f.Message)
	}
}

func TestPutBucketPolicyRemovesPublic(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-pol-")
	policy := publicReadPolicy(bucket)
	policy["Statement"] = append(policy["Statement"].([]any), protectStatement(bucket))
	call.Params = Params{"bucket": bucket, "policy": policy, "remove_public_statements": true}

	res, err := runAction(t, call, "s3.put_bucket_policy")
	if err != nil {
		t.Fatalf("put policy failed: %v", err)
	}
	out := res.Output.(map[string]any)
	if removed := out["RemovedStatements"].([]any); len(removed) != 1 {
		t.Errorf("RemovedStatements = %v, want the public read statement", removed)
	}
	stored, err := policyFromJSON(storedPolicyText(t, srv, bucket))
	if err != nil {
		t.Fatal(err)
	}
	statements := stored["Statement"].([]any)
	if len(statements) != 1 || statements[0].(map[string]any)["Sid"] != "ProtectArchive" {
		t.Errorf("stored statements = %v, want only ProtectArchive", statements)
	}
}

func TestPutBucketPolicyDeletesWhenAllPublic(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-pol-")
	putPolicyText(t, srv, bucket, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",`+
		`"Principal":{"AWS":["*"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::`+bucket+`/*"}]}`)
	call.Params = Params{"bucket": bucket, "remove_public_statements": true,
		"policy": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"AWS": []any{"*"}},
			"Action": "s3:GetObject", "Resource": "arn:aws:s3:::" + bucket + "/*"}}}}

	res, err := runAction(t, call, "s3.put_bucket_policy")
	if err != nil {
		t.Fatalf("put policy failed: %v", err)
	}
	out := res.Output.(map[string]any)
	if out["PolicyDeleted"] != true {
		t.Errorf("PolicyDeleted = %v, want true", out["PolicyDeleted"])
	}
	if out["After"] != nil {
		t.Errorf("After = %v, want null", out["After"])
	}
	_, err = srv.Client().GetBucketPolicy(context.Background(), &s3.GetBucketPolicyInput{Bucket: &bucket})
	if !hasErrorCode(err, "NoSuchBucketPolicy") {
		t.Errorf("get policy after the delete: %v, want NoSuchBucketPolicy", err)
	}

	res, err = runAction(t, call, "s3.put_bucket_policy")
	if err != nil {
		t.Fatalf("second run failed: %v", err)
	}
	if res.Outcome() != Skipped {
		t.Errorf("second run status = %s, want Skipped: no policy is left to delete", res.Outcome())
	}
}
