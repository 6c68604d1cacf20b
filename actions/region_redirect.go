package actions

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// S3 responds to a request signed for the wrong region of a bucket with 301
// PermanentRedirect, or for some operations 400, and names the bucket's
// region in the x-amz-bucket-region header. aws-sdk-go-v2 does not follow
// these, so s3play does, as the aws CLI does: the response's region is
// remembered for the bucket, and the request is sent again, addressed to
// and signed for that region. One attempt of max_attempts is spent on it.

// bucketRegionHeader is the header in which S3 names a bucket's region.
const bucketRegionHeader = "X-Amz-Bucket-Region"

// regionCache stores the regions that redirects named, by bucket, for one
// client.
type regionCache struct {
	mu      sync.Mutex
	regions map[string]string
}

func (c *regionCache) get(bucket string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	region, ok := c.regions[bucket]
	return region, ok
}

func (c *regionCache) set(bucket, region string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.regions == nil {
		c.regions = map[string]string{}
	}
	c.regions[bucket] = region
}

// redirectAttempt is the bucket and region that the current attempt of an
// operation was sent to, set by regionResolver for the redirect check.
type redirectAttempt struct {
	bucket, region string
	// redirected is set when the attempt's response was a redirect that
	// the next attempt follows, which is then not counted as a retry.
	redirected atomic.Bool
}

// followsRedirect reports whether the attempt about to be sent follows a
// region redirect, and clears the mark.
func followsRedirect(ctx context.Context) bool {
	attempt, _ := ctx.Value(redirectAttemptKey{}).(*redirectAttempt)
	return attempt != nil && attempt.redirected.Swap(false)
}

type redirectAttemptKey struct{}

// regionResolver is the S3 endpoint resolver with one change: a bucket
// that a redirect placed in another region is addressed and signed there.
type regionResolver struct {
	base  s3.EndpointResolverV2
	cache *regionCache
}

// ResolveEndpoint resolves the endpoint of one attempt.
func (r regionResolver) ResolveEndpoint(ctx context.Context, params s3.EndpointParameters) (
	smithyendpoints.Endpoint, error) {
	if params.Bucket != nil {
		if region, ok := r.cache.get(*params.Bucket); ok {
			params.Region = aws.String(region)
		}
		if attempt, ok := ctx.Value(redirectAttemptKey{}).(*redirectAttempt); ok {
			attempt.bucket, attempt.region = *params.Bucket, aws.ToString(params.Region)
		}
	}
	return r.base.ResolveEndpoint(ctx, params)
}

// regionRedirect marks an error whose response named another region for the
// bucket, so the retryer sends the request again at once.
type regionRedirect struct {
	region string
	err    error
}

func (e *regionRedirect) Error() string { return e.err.Error() }
func (e *regionRedirect) Unwrap() error { return e.err }

// addRegionRedirect follows region redirects for the client that owns the
// cache: it records the region a response names and marks the error.
func addRegionRedirect(cache *regionCache) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("s3play-redirect-attempt",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
				middleware.InitializeOutput, middleware.Metadata, error) {
				return next.HandleInitialize(context.WithValue(ctx, redirectAttemptKey{},
					&redirectAttempt{}), in)
			}), middleware.After)
		if err != nil {
			return err
		}
		return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("s3play-region-redirect",
			func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
				middleware.DeserializeOutput, middleware.Metadata, error) {
				out, md, err := next.HandleDeserialize(ctx, in)
				if err == nil {
					return out, md, nil
				}
				attempt, _ := ctx.Value(redirectAttemptKey{}).(*redirectAttempt)
				region := redirectedRegion(out.RawResponse)
				if attempt == nil || attempt.bucket == "" || region == "" || region == attempt.region {
					return out, md, err
				}
				cache.set(attempt.bucket, region)
				attempt.redirected.Store(true)
				return out, md, &regionRedirect{region: region, err: err}
			}), middleware.Before)
	}
}

// redirectedRegion returns the region that a 301 or 400 response names for
// the bucket, or "". A value that is not a region name is ignored: the
// request would be signed for it, and with no explicit endpoint it would
// also choose the host.
func redirectedRegion(raw any) string {
	response, ok := raw.(*smithyhttp.Response)
	if !ok {
		return ""
	}
	switch response.StatusCode {
	case http.StatusMovedPermanently, http.StatusBadRequest:
		region := response.Header.Get(bucketRegionHeader)
		if CheckRegion(region) == nil {
			return region
		}
	}
	return ""
}

// isRegionRedirect reports whether err is a redirect to another region
// that addRegionRedirect recorded.
func isRegionRedirect(err error) bool {
	var redirect *regionRedirect
	return errors.As(err, &redirect)
}
