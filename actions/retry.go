package actions

import (
	"errors"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
)

// throttlingCodes are the error codes with which S3 and STS ask a client
// to slow down.
var throttlingCodes = map[string]struct{}{
	"SlowDown":                  {},
	"Throttling":                {},
	"ThrottlingException":       {},
	"ThrottledException":        {},
	"RequestThrottled":          {},
	"RequestThrottledException": {},
	"TooManyRequestsException":  {},
	"RequestLimitExceeded":      {},
	"BandwidthLimitExceeded":    {},
}

// serverFaultCodes are error codes of server-side faults that a later
// attempt of the same request can get past.
var serverFaultCodes = map[string]struct{}{
	"InternalError":           {},
	"ServiceUnavailable":      {},
	"RequestTimeout":          {},
	"RequestTimeoutException": {},
	"PriorRequestNotComplete": {},
}

// transientStatuses are the HTTP statuses retried whatever the error code.
var transientStatuses = map[int]struct{}{
	http.StatusTooManyRequests:     {},
	http.StatusInternalServerError: {},
	http.StatusBadGateway:          {},
	http.StatusServiceUnavailable:  {},
	http.StatusGatewayTimeout:      {},
}

// isThrottlingCode reports whether code is a throttling error code.
func isThrottlingCode(code string) bool {
	_, ok := throttlingCodes[code]
	return ok
}

// isTransientCode reports whether an error code, of a whole response or of
// one key inside a DeleteObjects reply, is worth another attempt.
func isTransientCode(code string) bool {
	_, fault := serverFaultCodes[code]
	return fault || isThrottlingCode(code)
}

// transientErrors is the one classifier that decides whether a failed
// attempt is retried. The SDK's retryer uses it for every S3 and STS call.
type transientErrors struct{}

// IsErrorRetryable returns true for throttling, server faults, 429 and 5xx
// responses and network errors, and false for a canceled context. For
// everything else it returns unknown, which the retryer treats as false.
func (transientErrors) IsErrorRetryable(err error) aws.Ternary {
	if isCanceled(err) || fromCredentialCall(err) {
		return aws.FalseTernary
	}
	if isRegionRedirect(err) {
		return aws.TrueTernary
	}
	if v := (retry.NoRetryCanceledError{}).IsErrorRetryable(err); v != aws.UnknownTernary {
		return v
	}
	// Errors that state their own retry rule, such as the SDK's clock-skew
	// error, keep it.
	if v := (retry.RetryableError{}).IsErrorRetryable(err); v != aws.UnknownTernary {
		return v
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && isTransientCode(apiErr.ErrorCode()) {
		return aws.TrueTernary
	}
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) {
		if _, ok := transientStatuses[status.HTTPStatusCode()]; ok {
			return aws.TrueTernary
		}
	}
	return (retry.RetryableConnectionError{}).IsErrorRetryable(err)
}

// throttlingErrors marks throttling for the SDK's backoff, which waits
// longer after a throttling error than after other transient errors.
type throttlingErrors struct{}

// IsErrorThrottle returns true for the error codes in throttlingCodes.
func (throttlingErrors) IsErrorThrottle(err error) aws.Ternary {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && isThrottlingCode(apiErr.ErrorCode()) {
		return aws.TrueTernary
	}
	return aws.UnknownTernary
}

// newRetryer returns the SDK's standard retryer with exponential backoff
// and jitter, deciding with transientErrors alone. maxBackoff of zero keeps
// the SDK's default of 20 seconds.
func newRetryer(maxAttempts int, maxBackoff time.Duration) aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = maxAttempts
		if maxBackoff > 0 {
			o.MaxBackoff = maxBackoff
		}
		o.Retryables = []retry.IsErrorRetryable{transientErrors{}}
		o.Backoff = redirectFirst{retry.NewExponentialJitterBackoff(o.MaxBackoff)}
		o.Throttles = append(o.Throttles, throttlingErrors{})
		// Throttling is retried with backoff, not rationed by a token
		// bucket that would turn a burst of 503s into failures.
		o.RateLimiter = ratelimit.None
	})
}

// redirectFirst sends a request that got a region redirect again at
// once, and waits with the wrapped backoff before any other retry.
type redirectFirst struct {
	backoff retry.BackoffDelayer
}

// BackoffDelay returns the wait before the next attempt.
func (b redirectFirst) BackoffDelay(attempt int, err error) (time.Duration, error) {
	if isRegionRedirect(err) {
		return 0, nil
	}
	return b.backoff.BackoffDelay(attempt, err)
}

// fromCredentialCall reports whether err carries the failed result of
// another operation, such as the AssumeRole call that fetches a role's
// credentials. That call was already retried by its own client, so
// retrying the outer call would multiply the attempts. Inside a retry loop
// an operation's own errors are not yet wrapped in an OperationError.
func fromCredentialCall(err error) bool {
	var opErr *smithy.OperationError
	return errors.As(err, &opErr)
}
