package actions

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// bucketsLister is the SDK call that lists the caller's buckets.
type bucketsLister interface {
	ListBuckets(ctx context.Context, in *s3.ListBucketsInput,
		optFns ...func(*s3.Options)) (*s3.ListBucketsOutput, error)
}

type listBuckets struct{}

func init() { Register(listBuckets{}) }

// Spec describes s3.list_buckets.
func (listBuckets) Spec() Spec {
	return Spec{
		Name:    "s3.list_buckets",
		Title:   "List Buckets",
		Summary: "List every bucket the caller owns.",
		IAM:     []string{"s3:ListAllMyBuckets"},
	}
}

// Run lists every page of buckets. The output is shaped like the
// ListBuckets reply: {"Buckets": [{"Name", "CreationDate", "BucketRegion"}],
// "Owner": {"DisplayName", "ID"} or null}.
func (a listBuckets) Run(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, "", err)
	}
	out, err := fetchBuckets(ctx, client)
	if err != nil {
		return nil, failureFor(title, "", err)
	}
	return &Result{Output: out}, nil
}

// fetchBuckets follows continuation tokens until the last page.
func fetchBuckets(ctx context.Context, api bucketsLister) (map[string]any, error) {
	buckets := []any{}
	var owner any
	in := &s3.ListBucketsInput{MaxBuckets: aws.Int32(pageSize)}
	for {
		page, err := api.ListBuckets(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, b := range page.Buckets {
			buckets = append(buckets, plainBucket(b))
		}
		if page.Owner != nil {
			owner = plainOwner(page.Owner)
		}
		next := aws.ToString(page.ContinuationToken)
		if next == "" {
			return map[string]any{"Buckets": buckets, "Owner": owner}, nil
		}
		if next == aws.ToString(in.ContinuationToken) {
			return nil, &replyError{"ListBuckets",
				"ContinuationToken repeats the token of the request"}
		}
		in.ContinuationToken = &next
	}
}

func plainBucket(b types.Bucket) map[string]any {
	m := map[string]any{
		"Name":         aws.ToString(b.Name),
		"CreationDate": timeString(b.CreationDate),
	}
	if b.BucketRegion != nil {
		m["BucketRegion"] = *b.BucketRegion
	}
	return m
}

func plainOwner(o *types.Owner) map[string]any {
	m := map[string]any{"ID": aws.ToString(o.ID)}
	if o.DisplayName != nil {
		m["DisplayName"] = *o.DisplayName
	}
	return m
}

// timeString formats a timestamp as RFC 3339 in UTC, or returns nil.
func timeString(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}
