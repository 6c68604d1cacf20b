package sandbox

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// authFailure is the reason a request's credentials were rejected. S3 and
// STS report each failure with their own error code and message.
type authFailure int

const (
	authOK authFailure = iota
	authMissing
	authUnknownKey
	authBadToken
	authExpired
)

// principal is an identity that may sign sandbox requests: the sandbox's
// long-term key, or a temporary key issued by its STS AssumeRole.
type principal struct {
	accessKey    string
	secretKey    string // set only for temporary keys, to send it once
	sessionToken string // empty for the long-term key
	expires      time.Time
	arn          string
	userID       string
	account      string
}

func (p *principal) temporary() bool { return p.sessionToken != "" }

// keyring holds every key the sandbox accepts.
//
// NOTE: requests are matched by access key id and session token only. The
// SigV4 signature is not verified, so a wrong secret key goes unnoticed.
type keyring struct {
	mu   sync.Mutex
	keys map[string]*principal
	now  func() time.Time
}

func newKeyring(accessKey string) *keyring {
	base := &principal{
		accessKey: accessKey,
		arn:       "arn:aws:iam::" + sandboxAccount + ":user/sandbox",
		userID:    "AIDASANDBOXUSER000001",
		account:   sandboxAccount,
	}
	return &keyring{keys: map[string]*principal{accessKey: base}, now: time.Now}
}

func (k *keyring) add(p *principal) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.keys[p.accessKey] = p
}

// authenticate finds the principal that signed r, from the Authorization
// header or, for a presigned URL, the X-Amz-Credential query parameter.
func (k *keyring) authenticate(r *http.Request) (*principal, authFailure) {
	accessKey := requestAccessKey(r)
	if accessKey == "" {
		return nil, authMissing
	}

	k.mu.Lock()
	p := k.keys[accessKey]
	now := k.now()
	k.mu.Unlock()

	if p == nil {
		return nil, authUnknownKey
	}
	if !p.temporary() {
		return p, authOK
	}
	if requestSessionToken(r) != p.sessionToken {
		return nil, authBadToken
	}
	if !now.Before(p.expires) {
		return nil, authExpired
	}
	return p, authOK
}

// requestAccessKey extracts the access key id from a SigV4 credential
// scope, "AKID/20240101/us-east-1/s3/aws4_request".
func requestAccessKey(r *http.Request) string {
	accessKey, _, _ := strings.Cut(requestCredential(r), "/")
	return accessKey
}

// requestRegion extracts the region that r was signed for from its
// credential scope, or returns "" for a request without one.
func requestRegion(r *http.Request) string {
	scope := strings.Split(requestCredential(r), "/")
	if len(scope) < 3 {
		return ""
	}
	return scope[2]
}

// requestCredential returns the credential scope of a SigV4 request, from
// the Authorization header or the X-Amz-Credential query parameter.
func requestCredential(r *http.Request) string {
	credential := r.URL.Query().Get("X-Amz-Credential")
	if auth := r.Header.Get("Authorization"); auth != "" {
		_, after, found := strings.Cut(auth, "Credential=")
		if !found {
			return ""
		}
		credential, _, _ = strings.Cut(after, ",")
	}
	return credential
}

func requestSessionToken(r *http.Request) string {
	if token := r.Header.Get("X-Amz-Security-Token"); token != "" {
		return token
	}
	return r.URL.Query().Get("X-Amz-Security-Token")
}

// s3AuthError is the S3 error for a rejected request.
func s3AuthError(failure authFailure) *s3Error {
	switch failure {
	case authMissing:
		return newS3Error(http.StatusForbidden, "AccessDenied", "Access Denied")
	case authBadToken:
		return newS3Error(http.StatusBadRequest, "InvalidToken",
			"The provided token is malformed or otherwise invalid.")
	case authExpired:
		return newS3Error(http.StatusBadRequest, "ExpiredToken", "The provided token has expired.")
	default:
		return newS3Error(http.StatusForbidden, "InvalidAccessKeyId",
			"The AWS Access Key Id you provided does not exist in our records.")
	}
}
