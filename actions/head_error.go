package actions

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
)

// headError is a HeadObject or HeadBucket error with a message built from
// the request. A response to HEAD has no body, so the SDK's error has only
// a code derived from the HTTP status ("NotFound", "Forbidden") and no
// message. headError keeps that code and wraps the SDK's error, so
// errors.As still finds the SDK's error types and the HTTP status.
type headError struct {
	smithy.APIError
	message string
	err     error
}

func (e *headError) ErrorMessage() string { return e.message }

// Error appends the message to the SDK's text, which ends in the code and
// an empty message ("api error NotFound: ").
func (e *headError) Error() string {
	return strings.TrimRight(e.err.Error(), ": ") + ": " + e.message
}

func (e *headError) Unwrap() error { return e.err }

// addHeadErrorMessage adds the middleware that builds headError from the
// request's bucket and key.
func addHeadErrorMessage(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("s3play-head-error-message",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
			middleware.InitializeOutput, middleware.Metadata, error) {
			out, metadata, err := next.HandleInitialize(ctx, in)
			if err != nil {
				err = describeHeadError(in.Parameters, err)
			}
			return out, metadata, err
		}), middleware.After)
}

// describeHeadError wraps err in a headError when params is a HeadObject or
// HeadBucket request and the service sent no message. For a bodiless
// reply the SDK leaves the message empty, or sets it to the code or the
// status text ("Forbidden").
func describeHeadError(params any, err error) error {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return err
	}
	status := responseStatus(err)
	switch apiErr.ErrorMessage() {
	case "", apiErr.ErrorCode(), http.StatusText(status):
	default:
		return err
	}
	var target string
	switch in := params.(type) {
	case *s3.HeadObjectInput:
		target = objectName(in)
	case *s3.HeadBucketInput:
		target = fmt.Sprintf("bucket %q", aws.ToString(in.Bucket))
	default:
		return err
	}
	return &headError{APIError: apiErr, message: headMessage(target, status), err: err}
}

func objectName(in *s3.HeadObjectInput) string {
	name := fmt.Sprintf("object %q in bucket %q", aws.ToString(in.Key), aws.ToString(in.Bucket))
	if in.VersionId != nil {
		name = fmt.Sprintf("version %q of %s", *in.VersionId, name)
	}
	return name
}

func headMessage(target string, status int) string {
	switch status {
	case http.StatusNotFound:
		return target + " was not found."
	case http.StatusForbidden:
		return "access to " + target + " was denied."
	case 0:
		return "no reply body for " + target + "."
	}
	return fmt.Sprintf("HTTP status %d, without a reply body, for %s.", status, target)
}

func responseStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}
