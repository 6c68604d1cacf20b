package testserver

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Remove deletes a bucket and every version, delete marker and incomplete
// upload in it. Errors are ignored: it only tidies up after a test, and a
// test that already removed the bucket is fine.
func (s *Server) Remove(ctx context.Context, bucket string) {
	c := s.Client()
	for pass := 0; pass < 5; pass++ {
		n := s.removeVersions(ctx, c, bucket)
		if n == 0 {
			break
		}
	}
	uploads, err := c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: &bucket})
	if err == nil {
		for _, u := range uploads.Uploads {
			_, _ = c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{
				Bucket: &bucket, Key: u.Key, UploadId: u.UploadId})
		}
	}
	_, _ = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &bucket})
}

func (s *Server) removeVersions(ctx context.Context, c *s3.Client, bucket string) int {
	removed := 0
	p := s3.NewListObjectVersionsPaginator(c, &s3.ListObjectVersionsInput{Bucket: &bucket})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return removed
		}
		var ids []types.ObjectIdentifier
		for _, v := range page.Versions {
			ids = append(ids, types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range page.DeleteMarkers {
			ids = append(ids, types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		for start := 0; start < len(ids); start += 1000 {
			end := min(start+1000, len(ids))
			_, _ = c.DeleteObjects(ctx, &s3.DeleteObjectsInput{
				Bucket: &bucket, Delete: &types.Delete{Objects: ids[start:end], Quiet: boolPtr(true)}})
			removed += end - start
		}
	}
	return removed
}

func boolPtr(v bool) *bool {
	return &v
}
