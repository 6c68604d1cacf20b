package actions

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// publicAccessGetter is the SDK call that reads a bucket's public access
// block configuration.
type publicAccessGetter interface {
	GetPublicAccessBlock(ctx context.Context, in *s3.GetPublicAccessBlockInput,
		optFns ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error)
}

// publicAccessBlock is a bucket's PublicAccessBlockConfiguration. S3 treats
// a setting it omits as false.
type publicAccessBlock struct {
	BlockPublicAcls       bool
	IgnorePublicAcls      bool
	BlockPublicPolicy     bool
	RestrictPublicBuckets bool
}

func publicAccessFrom(c *types.PublicAccessBlockConfiguration) publicAccessBlock {
	if c == nil {
		return publicAccessBlock{}
	}
	return publicAccessBlock{
		BlockPublicAcls:       aws.ToBool(c.BlockPublicAcls),
		IgnorePublicAcls:      aws.ToBool(c.IgnorePublicAcls),
		BlockPublicPolicy:     aws.ToBool(c.BlockPublicPolicy),
		RestrictPublicBuckets: aws.ToBool(c.RestrictPublicBuckets),
	}
}

func (b publicAccessBlock) sdk() *types.PublicAccessBlockConfiguration {
	return &types.PublicAccessBlockConfiguration{
		BlockPublicAcls:       aws.Bool(b.BlockPublicAcls),
		IgnorePublicAcls:      aws.Bool(b.IgnorePublicAcls),
		BlockPublicPolicy:     aws.Bool(b.BlockPublicPolicy),
		RestrictPublicBuckets: aws.Bool(b.RestrictPublicBuckets),
	}
}

func (b publicAccessBlock) plain() map[string]any {
	return map[string]any{
		"BlockPublicAcls":       b.BlockPublicAcls,
		"IgnorePublicAcls":      b.IgnorePublicAcls,
		"BlockPublicPolicy":     b.BlockPublicPolicy,
		"RestrictPublicBuckets": b.RestrictPublicBuckets,
	}
}

// readPublicAccessBlock returns the bucket's configuration and whether it
// has one. Only NoSuchPublicAccessBlockConfiguration means "none". Any
// other error, AccessDenied included, is returned, so that a configuration
// that could not be read never looks absent.
func readPublicAccessBlock(ctx context.Context, api publicAccessGetter,
	bucket string) (publicAccessBlock, bool, error) {
	out, err := api.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: &bucket})
	if hasErrorCode(err, "NoSuchPublicAccessBlockConfiguration") {
		return publicAccessBlock{}, false, nil
	}
	if err != nil {
		return publicAccessBlock{}, false, err
	}
	return publicAccessFrom(out.PublicAccessBlockConfiguration), true, nil
}

// publicAccessFailure builds the error triple and adds what to do for the
// errors whose service message does not say it.
func publicAccessFailure(title, bucket string, err error) *Failure {
	f := NewFailure(title, bucket, err)
	switch {
	case f.Code == "NotImplemented":
		f.Message += " The server does not support public access block configurations."
	case f.Code == "AccessDenied" && isOperation(err, "GetPublicAccessBlock"):
		f.Message += " The configuration of bucket " + bucket + " is unknown, not absent: " +
			"the caller needs s3:GetBucketPublicAccessBlock to read it."
	}
	return f
}

func isOperation(err error, name string) bool {
	var opErr *smithy.OperationError
	return errors.As(err, &opErr) && opErr.Operation() == name
}
