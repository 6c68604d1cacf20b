package sandbox

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func TestListBucketsSortedByName(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenSupported)
	ctx := testContext(t)

	for range 5 {
		out, err := client.ListBuckets(ctx, &s3.ListBucketsInput{})
		if err != nil {
			t.Fatal(err)
		}
		names := make([]string, len(out.Buckets))
		for i, b := range out.Buckets {
			names[i] = aws.ToString(b.Name)
		}
		if !slices.IsSorted(names) {
			t.Fatalf("buckets = %v, want them sorted by name", names)
		}
	}
}
