package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"
)

const (
	// sandboxAccount is the account id of the sandbox user and of its roles.
	sandboxAccount = "000000000000"

	defaultSessionDuration = 3600
	minSessionDuration     = 900
	// maxSessionDuration is taken as every role's MaxSessionDuration, the
	// highest value IAM allows, so any duration a playbook may use works.
	maxSessionDuration = 43200
	// maxChainedSessionDuration is STS's limit for role chaining, when a
	// role session assumes another role.
	maxChainedSessionDuration = 3600
)

var (
	// roleARNPattern matches arn:PARTITION:iam::ACCOUNT:role/PATH/NAME and
	// captures the account and the role name.
	roleARNPattern = regexp.MustCompile(
		`^arn:aws[a-z-]*:iam::(\d{12}):role/(?:[!-~]*/)?([\w+=,.@-]{1,64})$`)
	sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)
)

// isSTSRequest reports whether r is an STS call. STS uses the awsQuery
// protocol, which posts a form with an Action field to the path "/", where
// S3 has no POST operation.
func isSTSRequest(r *http.Request, bucket string) bool {
	if bucket != "" {
		return false
	}
	return r.Method == http.MethodPost || r.URL.Query().Has("Action")
}

// serveSTS handles AssumeRole and GetCallerIdentity for caller.
func (s *server) serveSTS(w http.ResponseWriter, r *http.Request, caller *principal) {
	if err := r.ParseForm(); err != nil {
		writeSTSError(w, newSTSError(http.StatusBadRequest, "MalformedInput", err.Error()))
		return
	}

	switch action := r.Form.Get("Action"); action {
	case "AssumeRole":
		s.assumeRole(w, r, caller)
	case "GetCallerIdentity":
		var response getCallerIdentityResponse
		response.Xmlns = stsNamespace
		response.Result.Arn = caller.arn
		response.Result.UserID = caller.userID
		response.Result.Account = caller.account
		response.Metadata.RequestID = w.Header().Get("x-amz-request-id")
		writeXML(w, response)
	default:
		writeSTSError(w, newSTSError(http.StatusBadRequest, "InvalidAction",
			"Could not find operation "+action+" for version 2011-06-15"))
	}
}

// roleRequest is a validated AssumeRole request.
type roleRequest struct {
	account, roleName, sessionName string
	duration                       time.Duration
}

func (s *server) assumeRole(w http.ResponseWriter, r *http.Request, caller *principal) {
	request, err := parseAssumeRole(r.Form, caller)
	if err != nil {
		writeSTSError(w, err)
		return
	}

	session := s.issueRoleSession(request)
	var response assumeRoleResponse
	response.Xmlns = stsNamespace
	response.Result.Credentials = stsCredentials{
		AccessKeyID:     session.accessKey,
		SecretAccessKey: session.secretKey,
		SessionToken:    session.sessionToken,
		Expiration:      session.expires.UTC().Format(time.RFC3339),
	}
	response.Result.AssumedRoleUser = stsAssumedRoleUser{
		Arn:           session.arn,
		AssumedRoleID: session.userID,
	}
	response.Metadata.RequestID = w.Header().Get("x-amz-request-id")
	writeXML(w, response)
}

// parseAssumeRole checks the AssumeRole parameters as STS does.
func parseAssumeRole(form url.Values, caller *principal) (roleRequest, *stsError) {
	var request roleRequest
	roleARN := form.Get("RoleArn")
	match := roleARNPattern.FindStringSubmatch(roleARN)
	if match == nil {
		return request, errSTSValidation("RoleArn " + strconv.Quote(roleARN) +
			" is not a role ARN such as arn:aws:iam::123456789012:role/name")
	}
	request.account, request.roleName = match[1], match[2]

	request.sessionName = form.Get("RoleSessionName")
	if !sessionNamePattern.MatchString(request.sessionName) {
		return request, errSTSValidation("RoleSessionName " + strconv.Quote(request.sessionName) +
			" must have 2 to 64 characters from letters, digits and =,.@-_+")
	}

	duration, err := sessionDuration(form.Get("DurationSeconds"), caller)
	request.duration = duration
	return request, err
}

func sessionDuration(text string, caller *principal) (time.Duration, *stsError) {
	seconds := defaultSessionDuration
	if text != "" {
		parsed, err := strconv.Atoi(text)
		if err != nil || parsed < minSessionDuration || parsed > maxSessionDuration {
			return 0, errSTSValidation("DurationSeconds " + strconv.Quote(text) +
				" must be a whole number from 900 to 43200")
		}
		seconds = parsed
	}
	if caller.temporary() && seconds > maxChainedSessionDuration {
		return 0, errSTSValidation("The requested DurationSeconds exceeds the 1 hour " +
			"session limit for roles assumed by role chaining.")
	}
	return time.Duration(seconds) * time.Second, nil
}

// issueRoleSession creates and stores temporary credentials for a role.
func (s *server) issueRoleSession(request roleRequest) *principal {
	// A role keeps one id across sessions, as in IAM.
	roleHash := sha256.Sum256([]byte(request.account + "/" + request.roleName))
	roleID := "AROA" + encodeID(roleHash[:])[:17]
	session := &principal{
		accessKey:    "ASIA" + encodeID(randomBytes(10)),
		secretKey:    base64.StdEncoding.EncodeToString(randomBytes(30)),
		sessionToken: base64.StdEncoding.EncodeToString(randomBytes(96)),
		expires:      s.keys.now().Add(request.duration),
		arn: "arn:aws:sts::" + request.account + ":assumed-role/" +
			request.roleName + "/" + request.sessionName,
		userID:  roleID + ":" + request.sessionName,
		account: request.account,
	}
	s.keys.add(session)
	return session
}

// encodeID encodes b in the upper-case letters and digits of AWS ids.
func encodeID(b []byte) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	// crypto/rand.Read never returns an error since Go 1.24.
	_, _ = rand.Read(b)
	return b
}
