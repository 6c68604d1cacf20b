package actions

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// newBucket stands in for a bucket that an earlier planned step creates and
// that does not exist yet. A new bucket has no policy and no public access
// block configuration.
type newBucket struct{}

// GetBucketPolicy returns NoSuchBucketPolicy, as S3 does for a new bucket.
func (newBucket) GetBucketPolicy(context.Context, *s3.GetBucketPolicyInput,
	...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error) {
	return nil, &smithy.GenericAPIError{Code: "NoSuchBucketPolicy",
		Message: "The bucket policy does not exist"}
}

// GetPublicAccessBlock returns NoSuchPublicAccessBlockConfiguration, as S3
// does for a new bucket.
func (newBucket) GetPublicAccessBlock(context.Context, *s3.GetPublicAccessBlockInput,
	...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error) {
	return nil, &smithy.GenericAPIError{Code: "NoSuchPublicAccessBlockConfiguration",
		Message: "The public access block configuration was not found"}
}
