package engine

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// writeRecorder passes requests on to an S3 server and records those that
// change state (every method but GET and HEAD). It rejects GET
// ?publicAccessBlock of the buckets in denyBlock with 403 AccessDenied, as
// S3 does for a caller without s3:GetBucketPublicAccessBlock.
type writeRecorder struct {
	next      http.Handler
	denyBlock map[string]bool

	mu     sync.Mutex
	writes []string // "METHOD /bucket?query"
}

func (w *writeRecorder) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	bucket := strings.Trim(r.URL.Path, "/")
	if r.Method == http.MethodGet && r.URL.Query().Has("publicAccessBlock") && w.denyBlock[bucket] {
		rw.Header().Set("Content-Type", "application/xml")
		rw.WriteHeader(http.StatusForbidden)
		_, _ = rw.Write([]byte(`<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.mu.Lock()
		w.writes = append(w.writes, r.Method+" "+r.URL.RequestURI())
		w.mu.Unlock()
	}
	w.next.ServeHTTP(rw, r)
}

// takeWrites returns the writes recorded so far, sorted, and clears them.
func (w *writeRecorder) takeWrites() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.writes
	w.writes = nil
	slices.Sort(out)
	return out
}

// startRecorder serves next through a writeRecorder on 127.0.0.1.
func startRecorder(t *testing.T, next http.Handler) (*writeRecorder, string) {
	t.Helper()
	rec := &writeRecorder{next: next, denyBlock: map[string]bool{}}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, srv.URL
}

// proxyTo returns a handler that forwards to endpoint. The Host header is
// passed on unchanged, so SigV4 signatures made for the proxy still match.
func proxyTo(t *testing.T, endpoint string) http.Handler {
	t.Helper()
	target, err := url.Parse(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	return httputil.NewSingleHostReverseProxy(target)
}

func runRemediate(t *testing.T, runner *Runner, prefix string) *Record {
	t.Helper()
	pb, err := LoadFile("../playbooks/remediate-public-buckets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := pb.ResolveInputs(map[string]string{"bucket_prefix": prefix})
	if err != nil {
		t.Fatal(err)
	}
	return runner.Run(context.Background(), pb, inputs)
}

func putPolicy(t *testing.T, client *s3.Client, bucket, policy string) {
	t.Helper()
	_, err := client.PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{
		Bucket: aws.String(bucket), Policy: aws.String(policy)})
	if err != nil {
		t.Fatal(err)
	}
}

func putBlock(t *testing.T, client *s3.Client, bucket string, all bool) {
	t.Helper()
	_, err := client.PutPublicAccessBlock(context.Background(), &s3.PutPublicAccessBlockInput{
		Bucket: aws.String(bucket), PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(all),
			BlockPublicPolicy: aws.Bool(all), RestrictPublicBuckets: aws.Bool(all)}})
	if err != nil {
		t.Fatal(err)
	}
}

// statementIDs returns the Sids of a bucket's policy, or nil when the
// bucket has no policy.
func statementIDs(t *testing.T, client *s3.Client, bucket string) []string {
	t.Helper()
	_, err := client.GetBucketPolicy(context.Background(), &s3.GetBucketPolicyInput{Bucket: &bucket})
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode() == "NoSuchBucketPolicy" {
		return nil
	}
	var ids []string
	for _, s := range storedStatements(t, client, bucket) {
		ids = append(ids, s.(map[string]any)["Sid"].(string))
	}
	return ids
}

// outputList returns a run output as strings.
func outputList(rec *Record, name string) []string {
	list, _ := rec.Outputs[name].([]any)
	out := []string{}
	for _, v := range list {
		s, _ := v.(string)
		out = append(out, s)
	}
	return out
}
