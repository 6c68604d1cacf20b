package actions

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// defaultListObjects is the default of max_objects, one page of a
// ListObjectsV2 reply.
const defaultListObjects = 1000

// maxListObjects is the upper bound of max_objects, as the action's
// contract has it. Servers may return fewer keys per page than asked, so
// the listing still pages until it has max_objects keys.
const maxListObjects = 1000

type listBucketObjects struct{}

func init() { Register(listBucketObjects{}) }

// Spec describes s3.list_bucket_objects.
func (listBucketObjects) Spec() Spec {
	return Spec{
		Name:    "s3.list_bucket_objects",
		Title:   "List Bucket Objects",
		Summary: "List up to max_objects objects of a bucket, optionally under a prefix.",
		Params: []Param{
			{Name: "bucket", Type: TypeString, Required: true, Check: CheckBucketName,
				Doc: "bucket to list"},
			{Name: "prefix", Type: TypeString, Doc: "list only keys that start with this prefix"},
			{Name: "max_objects", Type: TypeInt, Default: defaultListObjects, Min: 1,
				Max: maxListObjects, Doc: "maximum number of keys returned, 1 to 1,000 " +
					"(default 1,000). IsTruncated in the output is true when more keys remain"},
		},
		IAM: []string{"s3:ListBucket"},
	}
}

// Run lists the bucket. The output is shaped like the ListObjectsV2 reply:
// {"Name", "Prefix", "KeyCount", "MaxKeys", "IsTruncated", "Contents": [{"Key",
// "Size", "LastModified", "ETag", "StorageClass"}]}. Contents is an empty list
// for an empty bucket. MaxKeys is max_objects, and IsTruncated is true only
// when keys remain beyond the max_objects that were returned.
func (a listBucketObjects) Run(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	bucket := call.Params.String("bucket")
	limit := call.Params.Int("max_objects")
	switch {
	case limit <= 0:
		limit = defaultListObjects
	case limit > maxListObjects:
		limit = maxListObjects
	}
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}
	out, err := listObjects(ctx, client, bucket, call.Params.String("prefix"), limit)
	if err != nil {
		return nil, failureFor(title, bucket, err)
	}
	return &Result{Output: out}, nil
}

// listObjects pages through ListObjectsV2 until limit keys are collected or
// the listing ends. A server may return fewer keys than requested on a page
// that is not the last, so one request is not enough.
func listObjects(ctx context.Context, api objectsLister, bucket, prefix string,
	limit int) (map[string]any, error) {
	contents := []any{}
	truncated := false
	window := newPageWindow()
	in := s3.ListObjectsV2Input{Bucket: aws.String(bucket),
		MaxKeys: aws.Int32(min(pageSize, int32(limit)))}
	if prefix != "" {
		in.Prefix = aws.String(prefix)
	}
	err := walkObjects(ctx, api, in, func(out *s3.ListObjectsV2Output) bool {
		window.turn()
		for _, o := range out.Contents {
			if !window.firstSeen(types.ObjectIdentifier{Key: o.Key}) {
				continue
			}
			if len(contents) == limit {
				truncated = true
				return false
			}
			contents = append(contents, plainObject(o))
		}
		truncated = aws.ToBool(out.IsTruncated)
		return len(contents) < limit
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"Name":        bucket,
		"Prefix":      prefix,
		"KeyCount":    float64(len(contents)),
		"MaxKeys":     float64(limit),
		"IsTruncated": truncated,
		"Contents":    contents,
	}, nil
}

func plainObject(o types.Object) map[string]any {
	return map[string]any{
		"Key":          aws.ToString(o.Key),
		"Size":         float64(aws.ToInt64(o.Size)),
		"LastModified": timeString(o.LastModified),
		"ETag":         aws.ToString(o.ETag),
		"StorageClass": string(o.StorageClass),
	}
}
