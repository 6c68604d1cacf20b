package actions

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// locationGetter is the SDK call that returns the region of a bucket.
type locationGetter interface {
	GetBucketLocation(ctx context.Context, in *s3.GetBucketLocationInput,
		optFns ...func(*s3.Options)) (*s3.GetBucketLocationOutput, error)
}

// bucketRegion returns the region of a bucket. GetBucketLocation reports
// us-east-1 as an empty location and the oldest eu-west-1 buckets as "EU".
func bucketRegion(ctx context.Context, api locationGetter, bucket string) (string, error) {
	out, err := api.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: &bucket})
	if err != nil {
		return "", err
	}
	switch region := string(out.LocationConstraint); region {
	case "":
		return "us-east-1", nil
	case "EU":
		return "eu-west-1", nil
	default:
		return region, nil
	}
}

// checkSameRegion fails when the two buckets are in different regions.
// CopyObject across regions needs a client for the destination's region
// and pays for transfer between regions, so a move across regions is
// rejected before anything is copied.
func checkSameRegion(ctx context.Context, api locationGetter, plan *PlanState, title, source,
	destination string) *Failure {
	sourceRegion, err := plannedRegion(ctx, api, plan, source)
	if err != nil {
		return NewFailure(title, source, err)
	}
	if destination == source {
		return nil
	}
	destinationRegion, err := plannedRegion(ctx, api, plan, destination)
	if err != nil {
		return NewFailure(title, destination, err)
	}
	if sourceRegion == destinationRegion {
		return nil
	}
	f := ValidationFailure(title, "", fmt.Errorf("source bucket %s is in %s but destination "+
		"bucket %s is in %s. s3.move_files moves objects within one region only, so nothing "+
		"was copied or deleted. Copy across regions with s3.download_files and "+
		"s3.upload_files", source, sourceRegion, destination, destinationRegion))
	f.Code = "CrossRegionMove"
	return f
}

// plannedRegion returns the region of a bucket that an earlier step of the
// plan would create, or else the bucket's live region. In a run, plan is
// nil and the live region is returned.
func plannedRegion(ctx context.Context, api locationGetter, plan *PlanState,
	bucket string) (string, error) {
	if region, ok := plan.CreatedRegion(bucket); ok {
		return region, nil
	}
	return bucketRegion(ctx, api, bucket)
}
