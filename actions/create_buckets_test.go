package actions

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/s3play/s3play/internal/fakeaws"
)

// recordingCreator records CreateBucket requests and fails the names in
// owned with BucketAlreadyOwnedByYou.
type recordingCreator struct {
	mu       sync.Mutex
	requests []*s3.CreateBucketInput
	owned    map[string]bool
}

func (r *recordingCreator) CreateBucket(_ context.Context, in *s3.CreateBucketInput,
	_ ...func(*s3.Options)) (*s3.CreateBucketOutput, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = append(r.requests, in)
	if r.owned[*in.Bucket] {
		return nil, &types.BucketAlreadyOwnedByYou{Message: aws.String("already yours")}
	}
	return &s3.CreateBucketOutput{Location: aws.String("/" + *in.Bucket)}, nil
}

func TestCreateBucketsUSEast1(t *testing.T) {
	r := &recordingCreator{}
	res := createEach(context.Background(), r, "Create Buckets", "us-east-1", []string{"a-1"})
	if res.Outcome() != Succeeded {
		t.Fatalf("status = %s, want Succeeded", res.Outcome())
	}
	if cfg := r.requests[0].CreateBucketConfiguration; cfg != nil {
		t.Errorf("configuration = %+v, want none in us-east-1", cfg)
	}
}

func TestCreateBucketsOtherRegion(t *testing.T) {
	r := &recordingCreator{}
	createEach(context.Background(), r, "Create Buckets", "eu-west-1", []string{"a-1"})
	cfg := r.requests[0].CreateBucketConfiguration
	if cfg == nil || cfg.LocationConstraint != types.BucketLocationConstraintEuWest1 {
		t.Errorf("configuration = %+v, want location constraint eu-west-1", cfg)
	}
}

func TestCreateBucketsAlreadyOwned(t *testing.T) {
	r := &recordingCreator{owned: map[string]bool{"mine": true}}
	res := createEach(context.Background(), r, "Create Buckets", "us-east-1",
		[]string{"new-1", "mine"})
	if len(res.Items) != 2 {
		t.Fatalf("items = %d, want 2", len(res.Items))
	}
	item := res.Items[1]
	if item.Status != Succeeded {
		t.Fatalf("item = %+v, want Succeeded", item)
	}
	if owned := item.Output.(map[string]any)["AlreadyOwnedByYou"]; owned != true {
		t.Errorf("AlreadyOwnedByYou = %v, want true", owned)
	}
	if n := len(res.Output.(map[string]any)["Buckets"].([]any)); n != 2 {
		t.Errorf("output lists %d buckets, want 2", n)
	}
}

// createOverHTTP creates new-bucket through a Connector client aimed at a
// fake S3 server and returns the request the server received.
func createOverHTTP(t *testing.T, s Settings) fakeaws.Request {
	t.Helper()
	fake := fakeaws.NewS3(t)
	s.EndpointURL = fake.URL
	call := &Call{Conn: NewConnector(), Settings: s,
		Params: Params{"bucket_names": []string{"new-bucket"}}}
	res, err := runAction(t, call, "s3.create_buckets")
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome() != Succeeded {
		t.Fatalf("status = %s, items = %+v", res.Outcome(), res.Items)
	}
	requests := fake.Requests()
	if len(requests) != 1 || requests[0].Method != "PUT" || requests[0].Path != "/new-bucket" {
		t.Fatalf("requests = %+v, want one PUT /new-bucket", requests)
	}
	return requests[0]
}

func TestCreateBucketsUSEast1Body(t *testing.T) {
	for _, region := range []string{"", "us-east-1"} {
		fakeaws.Isolate(t)
		req := createOverHTTP(t, Settings{Region: region})
		if strings.Contains(string(req.Body), "LocationConstraint") {
			t.Errorf("region %q: body %q has a location constraint, want none", region, req.Body)
		}
		if req.Region != "us-east-1" {
			t.Errorf("region %q: request signed for %q, want us-east-1", region, req.Region)
		}
	}
}

func TestCreateBucketsEUWest1Body(t *testing.T) {
	fakeaws.Isolate(t)
	req := createOverHTTP(t, Settings{Region: "eu-west-1"})
	if !strings.Contains(string(req.Body), "<LocationConstraint>eu-west-1</LocationConstraint>") {
		t.Errorf("body %q, want location constraint eu-west-1", req.Body)
	}
	if req.Region != "eu-west-1" {
		t.Errorf("request signed for %q, want eu-west-1", req.Region)
	}
}

func TestCreateBucketsProfileRegion(t *testing.T) {
	fakeaws.Isolate(t)
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte("[profile ops]\nregion = eu-west-1\n"+
		"aws_access_key_id = AKIDFAKEPROFILE\naws_secret_access_key = fake-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", path)
	req := createOverHTTP(t, Settings{Profile: "ops"})
	if !strings.Contains(string(req.Body), "<LocationConstraint>eu-west-1</LocationConstraint>") {
		t.Errorf("body %q, want the profile's region eu-west-1 as location constraint", req.Body)
	}
	if req.Region != "eu-west-1" {
		t.Errorf("request signed for %q, want the profile's region eu-west-1", req.Region)
	}
}
