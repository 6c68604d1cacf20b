package sandbox

import (
	"encoding/xml"
	"net/http"
)

// stsNamespace is the XML namespace of STS responses.
const stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

type stsResponseMetadata struct {
	RequestID string `xml:"RequestId"`
}

type stsCredentials struct {
	AccessKeyID     string `xml:"AccessKeyId"`
	SecretAccessKey string `xml:"SecretAccessKey"`
	SessionToken    string `xml:"SessionToken"`
	Expiration      string `xml:"Expiration"` // ISO 8601, UTC
}

type stsAssumedRoleUser struct {
	Arn           string `xml:"Arn"`
	AssumedRoleID string `xml:"AssumedRoleId"`
}

type assumeRoleResponse struct {
	XMLName xml.Name `xml:"AssumeRoleResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Result  struct {
		Credentials     stsCredentials     `xml:"Credentials"`
		AssumedRoleUser stsAssumedRoleUser `xml:"AssumedRoleUser"`
	} `xml:"AssumeRoleResult"`
	Metadata stsResponseMetadata `xml:"ResponseMetadata"`
}

type getCallerIdentityResponse struct {
	XMLName xml.Name `xml:"GetCallerIdentityResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Result  struct {
		Arn     string `xml:"Arn"`
		UserID  string `xml:"UserId"`
		Account string `xml:"Account"`
	} `xml:"GetCallerIdentityResult"`
	Metadata stsResponseMetadata `xml:"ResponseMetadata"`
}

// stsError is an STS error response, in the awsQuery protocol's form.
type stsError struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Detail  struct {
		Type    string `xml:"Type"` // Sender or Receiver
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`

	status int
}

func newSTSError(status int, code, message string) *stsError {
	e := &stsError{Xmlns: stsNamespace, status: status}
	e.Detail.Type = "Sender"
	e.Detail.Code = code
	e.Detail.Message = message
	return e
}

func errSTSValidation(message string) *stsError {
	return newSTSError(http.StatusBadRequest, "ValidationError", message)
}

func writeSTSError(w http.ResponseWriter, err *stsError) {
	err.RequestID = w.Header().Get("x-amz-request-id")
	body, encodeErr := xml.Marshal(err)
	if encodeErr != nil {
		// xml.Marshal fails only on types it cannot encode, such as
		// channels, and stsError contains only strings.
		panic(encodeErr)
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(err.status)
	_, _ = w.Write(body)
}

// stsAuthError is the STS error for a rejected request.
func stsAuthError(failure authFailure) *stsError {
	switch failure {
	case authMissing:
		return newSTSError(http.StatusForbidden, "MissingAuthenticationToken",
			"Request is missing Authentication Token")
	case authExpired:
		return newSTSError(http.StatusBadRequest, "ExpiredToken",
			"The security token included in the request is expired")
	default:
		return newSTSError(http.StatusForbidden, "InvalidClientTokenId",
			"The security token included in the request is invalid.")
	}
}
