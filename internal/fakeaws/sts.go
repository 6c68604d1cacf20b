package fakeaws

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Account is the account id of every identity the STS fake returns.
const Account = "123456789012"

// AssumeRoleCall is one AssumeRole request the STS fake received.
type AssumeRoleCall struct {
	RoleARN         string
	RoleSessionName string
	DurationSeconds string
	SignedBy        string // access key of the caller
	Issued          string // access key of the session returned, or "" on a fault
}

// STS serves AssumeRole and GetCallerIdentity in the STS XML protocol.
// Each AssumeRole issues new credentials with their own access key.
type STS struct {
	URL string

	mu       sync.Mutex
	lifetime time.Duration
	fault    *Fault
	calls    []AssumeRoleCall
	sessions map[string]AssumeRoleCall // by issued access key
	requests []Request
}

// NewSTS starts a fake STS server that stops when the test ends. Issued
// credentials expire after an hour unless SetLifetime changes it.
func NewSTS(t testing.TB) *STS {
	f := &STS{lifetime: time.Hour, sessions: map[string]AssumeRoleCall{}}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// SetLifetime sets how long credentials issued from now on stay valid.
func (f *STS) SetLifetime(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lifetime = d
}

// FailAssumeRole makes every later AssumeRole fail with fault.
func (f *STS) FailAssumeRole(fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fault = &fault
}

// AssumeRoleCalls returns the AssumeRole requests received so far.
func (f *STS) AssumeRoleCalls() []AssumeRoleCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]AssumeRoleCall(nil), f.calls...)
}

// Requests returns every request received so far.
func (f *STS) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

func (f *STS) serve(w http.ResponseWriter, r *http.Request) {
	req := readRequest(r)
	form, _ := url.ParseQuery(string(req.Body))
	f.mu.Lock()
	f.requests = append(f.requests, req)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml")
	switch action := form.Get("Action"); action {
	case "AssumeRole":
		f.assumeRole(w, form, req.AccessKey)
	case "GetCallerIdentity":
		_, _ = io.WriteString(w, f.callerIdentity(req.AccessKey))
	default:
		writeFault(w, Fault{Status: 400, Code: "InvalidAction",
			Message: "Could not find operation " + action}, stsError)
	}
}

func (f *STS) assumeRole(w http.ResponseWriter, form url.Values, caller string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	call := AssumeRoleCall{
		RoleARN:         form.Get("RoleArn"),
		RoleSessionName: form.Get("RoleSessionName"),
		DurationSeconds: form.Get("DurationSeconds"),
		SignedBy:        caller,
	}
	if f.fault != nil {
		f.calls = append(f.calls, call)
		writeFault(w, *f.fault, stsError)
		return
	}
	call.Issued = fmt.Sprintf("ASIAFAKE%08d", len(f.calls)+1)
	f.calls = append(f.calls, call)
	f.sessions[call.Issued] = call
	expires := time.Now().Add(f.lifetime).UTC().Format(time.RFC3339)
	_, _ = io.WriteString(w, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">`+
		`<AssumeRoleResult><Credentials><AccessKeyId>`+call.Issued+`</AccessKeyId>`+
		`<SecretAccessKey>fake-secret-`+call.Issued+`</SecretAccessKey>`+
		`<SessionToken>fake-token-`+call.Issued+`</SessionToken>`+
		`<Expiration>`+expires+`</Expiration></Credentials>`+
		`<AssumedRoleUser><Arn>`+xmlText(assumedARN(call))+`</Arn>`+
		`<AssumedRoleId>AROAFAKE:`+xmlText(call.RoleSessionName)+`</AssumedRoleId>`+
		`</AssumedRoleUser></AssumeRoleResult>`+
		`<ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata>`+
		`</AssumeRoleResponse>`)
}

// callerIdentity returns the assumed role for a key this fake issued and a
// plain IAM user for any other key.
func (f *STS) callerIdentity(accessKey string) string {
	f.mu.Lock()
	session, assumed := f.sessions[accessKey]
	f.mu.Unlock()
	arn := "arn:aws:iam::" + Account + ":user/tester"
	if assumed {
		arn = assumedARN(session)
	}
	return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">` +
		`<GetCallerIdentityResult><Account>` + Account + `</Account><Arn>` + xmlText(arn) +
		`</Arn><UserId>AIDAFAKE</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>`
}

// assumedARN is the ARN STS gives an assumed-role session.
func assumedARN(call AssumeRoleCall) string {
	role := call.RoleARN[strings.LastIndex(call.RoleARN, "/")+1:]
	return "arn:aws:sts::" + Account + ":assumed-role/" + role + "/" + call.RoleSessionName
}

func stsError(f Fault) string {
	return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>` +
		`<Type>Sender</Type><Code>` + xmlText(f.Code) + `</Code><Message>` + xmlText(f.Message) +
		`</Message></Error><RequestId>fake-request</RequestId></ErrorResponse>`
}
