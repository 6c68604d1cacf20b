package actions

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Tool status codes for failures that did not come from an HTTP response.
const (
	CodeValidation = "validation"
	CodeNetwork    = "network"
	CodeCanceled   = "canceled"
	CodeInternal   = "internal"
	// CodeLocalFile marks a failure to read or write a local file.
	CodeLocalFile = "local-file"
	// CodeVerification marks a copy whose destination did not match its
	// source when checked after the copy.
	CodeVerification = "verification"
)

// Failure is the error triple shown for every failed step or item: which
// command and item failed, the HTTP status (or a tool code), and the
// service's error code and message.
type Failure struct {
	Indicator  string `json:"indicator"`
	StatusCode string `json:"status_code"`
	Code       string `json:"code,omitempty"`
	Message    string `json:"message"`
	// Hint is advice on what usually fixes this failure. It is kept apart
	// so that the message stays exactly as the service sent it.
	Hint string `json:"hint,omitempty"`
	err  error
}

// Error renders the triple on one line, followed by the hint when there is one.
func (f *Failure) Error() string {
	text := fmt.Sprintf("%s Status code: %s. Message: %s", f.Indicator, f.StatusCode, f.Message)
	if f.Hint != "" {
		text += " Hint: " + f.Hint
	}
	return text
}

// Unwrap keeps the SDK error reachable for errors.As.
func (f *Failure) Unwrap() error { return f.err }

// Indicator names the command and, when given, the item that failed, for
// example "Delete Buckets failed for tmp-a.". An item that ends with a dot,
// or starts or ends with a space, is quoted, so that the sentence's period
// stays apart from it: `Download Files failed for "x/..".`.
func Indicator(title, item string) string {
	if item == "" {
		return title + " failed."
	}
	if strings.HasSuffix(item, ".") || strings.TrimSpace(item) != item {
		return fmt.Sprintf("%s failed for %q.", title, item)
	}
	return fmt.Sprintf("%s failed for %s.", title, item)
}

// NewFailure builds the triple from any error. An existing Failure is
// returned unchanged so the first, most specific indicator wins.
func NewFailure(title, item string, err error) *Failure {
	var f *Failure
	if errors.As(err, &f) {
		return f
	}
	f = &Failure{Indicator: Indicator(title, item), err: err}
	var apiErr smithy.APIError
	var profileErr *ProfileNotFoundError
	switch {
	case errors.As(err, &apiErr):
		op := failedOperation(err)
		operation := "the operation"
		if op != "" {
			operation = "the " + op + " operation"
		}
		f.Code = apiErr.ErrorCode()
		f.StatusCode = httpStatus(err)
		f.Message = fmt.Sprintf("An error occurred (%s) when calling %s: %s",
			apiErr.ErrorCode(), operation, apiErr.ErrorMessage())
		f.Hint = hintFor(op, apiErr.ErrorCode(), err)
	case errors.As(err, &profileErr):
		// An undefined profile is a setting to fix, not a fault of s3play.
		f.StatusCode, f.Code, f.Message = CodeValidation, "ProfileNotFound", profileErr.Error()
	case isCanceled(err):
		f.StatusCode, f.Code, f.Message = CodeCanceled, CodeCanceled, err.Error()
	default:
		f.StatusCode = httpStatus(err)
		f.Message = err.Error()
		f.Hint = hintFor("", "", err)
	}
	return f
}

// failedOperation names the innermost operation in err's chain, or
// returns "". When the credentials for an S3 call cannot be fetched, the
// SDK wraps the STS AssumeRole error inside the S3 operation's error, and
// the operation that failed is AssumeRole.
func failedOperation(err error) string {
	name := ""
	var op *smithy.OperationError
	for errors.As(err, &op) {
		name = op.Operation()
		err = op.Err
	}
	return name
}

// ValidationFailure reports bad input found before any call.
func ValidationFailure(title, item string, err error) *Failure {
	return &Failure{
		Indicator:  Indicator(title, item),
		StatusCode: CodeValidation,
		Code:       "InvalidParameter",
		Message:    err.Error(),
		err:        err,
	}
}

// LocalFailure reports an error of the local file system, such as a
// folder that cannot be created or a file that cannot be read.
func LocalFailure(title, item string, err error) *Failure {
	return &Failure{
		Indicator:  Indicator(title, item),
		StatusCode: CodeLocalFile,
		Code:       "LocalFileError",
		Message:    err.Error(),
		err:        err,
	}
}

// ItemFailure reports an error that S3 returned for one entry of a batch
// request, such as a key listed under Errors in a DeleteObjects reply.
func ItemFailure(title, item, code, message, operation string) *Failure {
	return &Failure{
		Indicator:  Indicator(title, item),
		StatusCode: statusForCode(code),
		Code:       code,
		Message: fmt.Sprintf("An error occurred (%s) when calling the %s operation: %s",
			code, operation, message),
	}
}

func httpStatus(err error) string {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() != 0 {
		return strconv.Itoa(re.HTTPStatusCode())
	}
	var sendErr *smithyhttp.RequestSendError
	var netErr net.Error
	if errors.As(err, &sendErr) || errors.As(err, &netErr) {
		return CodeNetwork
	}
	// An error with no response and no network cause was raised by s3play
	// itself, for example a bucket that never empties.
	return CodeInternal
}

// statusForCode maps the S3 error codes that appear inside a 200 batch
// reply to the HTTP status the same error has on its own.
func statusForCode(code string) string {
	switch code {
	case "AccessDenied":
		return "403"
	case "NoSuchKey", "NoSuchBucket", "NoSuchVersion":
		return "404"
	case "SlowDown", "ServiceUnavailable":
		return "503"
	case "InternalError":
		return "500"
	}
	return "400"
}

// hasErrorCode reports whether err is a service error with the given code,
// such as NoSuchBucketPolicy.
func hasErrorCode(err error, code string) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == code
}

// isCanceled reports whether err comes from the caller's context rather
// than from the connection. The SDK wraps its own context errors in
// smithy.CanceledError and transport failures in RequestSendError. A
// response timeout is a transport failure, although it matches
// context.DeadlineExceeded.
func isCanceled(err error) bool {
	var canceled *smithy.CanceledError
	if errors.As(err, &canceled) {
		return true
	}
	var sendErr *smithyhttp.RequestSendError
	if errors.As(err, &sendErr) {
		return false
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
