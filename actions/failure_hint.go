package actions

import (
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// hintFor returns what usually fixes a failure of operation op with error
// code, or "" when there is no general advice.
func hintFor(op, code string, err error) string {
	if op == "AssumeRole" {
		switch code {
		case "ValidationError":
			return "check role_arn, role_session_name and session_duration: the duration " +
				"must not exceed the role's maximum session duration, and a role assumed " +
				"with credentials that are themselves an assumed role (role chaining) " +
				"lasts at most 3600 seconds."
		case "AccessDenied":
			return "the base credentials may not assume this role: check the role's trust " +
				"policy and that the caller is allowed sts:AssumeRole on it."
		}
	}
	if op == "HeadObject" && code == "NotFound" {
		return "check the bucket name and the key, including case and folders; " +
			"s3.list_bucket_objects lists the keys a bucket holds. A key whose current " +
			"version is a delete marker is not found either."
	}
	var redirect *regionRedirect
	var exhausted *retry.MaxAttemptsError
	switch {
	case errors.As(err, &redirect) && errors.As(err, &exhausted) && exhausted.Attempt > 1:
		return fmt.Sprintf("the server sent a region redirect on each of %s, the last to "+
			"%s, so the bucket was not reached: check the bucket's region with "+
			"GetBucketLocation and set region on the step.",
			attemptCount(exhausted.Attempt), redirect.region)
	case errors.As(err, &redirect):
		return fmt.Sprintf("the bucket is in %s: set region: %s on the step, or "+
			"max_attempts 2 or more so that s3play follows the redirect.",
			redirect.region, redirect.region)
	case !errors.As(err, &exhausted):
		return ""
	}
	if isThrottlingCode(code) {
		return fmt.Sprintf("the service was still throttling requests after %s: "+
			"run again later, lower the request rate, or raise max_attempts.",
			attemptCount(exhausted.Attempt))
	}
	return fmt.Sprintf("the call still failed after %s; the error may be transient: "+
		"run again later or raise max_attempts.", attemptCount(exhausted.Attempt))
}

func attemptCount(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}
