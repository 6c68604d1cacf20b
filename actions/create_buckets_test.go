package actions

import (
	"context"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
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
