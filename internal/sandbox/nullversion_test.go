package sandbox

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// listedVersions returns "key@version" for every version the bucket lists.
func listedVersions(t *testing.T, c *s3.Client, bucket string) []string {
	t.Helper()
	out, err := c.ListObjectVersions(testContext(t), &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatalf("ListObjectVersions: %v", err)
	}
	var listed []string
	for _, v := range out.Versions {
		listed = append(listed, aws.ToString(v.Key)+"@"+aws.ToString(v.VersionId))
	}
	return listed
}

func TestNullVersionDeleteObjects(t *testing.T) {
	for _, mode := range checksumModes {
		t.Run(mode.name, func(t *testing.T) {
			c := sandboxClient(startSandbox(t), mode.mode)
			ctx := testContext(t)
			if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("plain")}); err != nil {
				t.Fatal(err)
			}
			for _, key := range []string{"a", "b"} {
				_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("plain"), Key: aws.String(key),
					Body: strings.NewReader("x")})
				if err != nil {
					t.Fatal(err)
				}
			}
			if got := strings.Join(listedVersions(t, c, "plain"), " "); got != "a@null b@null" {
				t.Fatalf("listed %q, want a@null b@null", got)
			}

			_, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String("plain"),
				Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String("a"), VersionId: aws.String("null")}}}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("plain"), Key: aws.String("b"),
				VersionId: aws.String("null")})
			if err != nil {
				t.Fatal(err)
			}
			if left := listedVersions(t, c, "plain"); len(left) != 0 {
				t.Errorf("versions left after deleting version null: %q", left)
			}
		})
	}
}
