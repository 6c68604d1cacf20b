package actions

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3play/s3play/internal/fakeaws"
)

const testRole = "arn:aws:iam::123456789012:role/ops"

// roleFakes starts fake S3 and STS servers and returns a Connector with
// millisecond backoff and settings that assume testRole through them.
func roleFakes(t *testing.T) (*Connector, Settings, *fakeaws.S3, *fakeaws.STS) {
	t.Helper()
	fakeaws.Isolate(t)
	s3Fake, stsFake := fakeaws.NewS3(t), fakeaws.NewSTS(t)
	conn := NewConnector()
	conn.MaxBackoff = time.Millisecond
	s := Settings{EndpointURL: s3Fake.URL, STSEndpointURL: stsFake.URL, RoleARN: testRole,
		RoleSessionName: "ops-run", SessionDuration: 900 * time.Second}
	return conn, s, s3Fake, stsFake
}

// listAs lists buckets through the connector's client for s.
func listAs(t *testing.T, conn *Connector, s Settings) {
	t.Helper()
	client, err := conn.S3(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.ListBuckets(context.Background(), &s3.ListBucketsInput{}); err != nil {
		t.Fatalf("ListBuckets: %v", err)
	}
}

func accessKeys(requests []fakeaws.Request) []string {
	keys := make([]string, len(requests))
	for i, r := range requests {
		keys[i] = r.AccessKey
	}
	return keys
}

func TestAssumeRoleSessionShared(t *testing.T) {
	conn, s, s3Fake, stsFake := roleFakes(t)
	other := s
	other.MaxAttempts, other.Checksum = 2, ChecksumWhenRequired
	listAs(t, conn, s)
	listAs(t, conn, other)
	listAs(t, conn, s)

	calls := stsFake.AssumeRoleCalls()
	if len(calls) != 1 {
		t.Fatalf("AssumeRole calls = %d, want 1", len(calls))
	}
	if calls[0].RoleARN != testRole || calls[0].RoleSessionName != "ops-run" {
		t.Errorf("AssumeRole for %s as %s, want %s as ops-run",
			calls[0].RoleARN, calls[0].RoleSessionName, testRole)
	}
	if calls[0].DurationSeconds != "900" {
		t.Errorf("DurationSeconds = %s, want 900", calls[0].DurationSeconds)
	}
	if calls[0].SignedBy != "AKIDFAKEBASE" {
		t.Errorf("AssumeRole signed by %s, want the base credentials", calls[0].SignedBy)
	}
	for _, key := range accessKeys(s3Fake.Requests()) {
		if key != calls[0].Issued {
			t.Errorf("S3 request signed by %s, want the session key %s", key, calls[0].Issued)
		}
	}
}

func TestAssumeRoleSessionPerKey(t *testing.T) {
	conn, s, _, stsFake := roleFakes(t)
	variants := []func(*Settings){
		func(*Settings) {},
		func(v *Settings) { v.RoleSessionName = "other-run" },
		func(v *Settings) { v.SessionDuration = 1800 * time.Second },
		func(v *Settings) { v.Region = "eu-west-1" },
		func(v *Settings) { v.RoleARN = "arn:aws:iam::123456789012:role/audit" },
	}
	for _, change := range variants {
		v := s
		change(&v)
		listAs(t, conn, v)
		listAs(t, conn, v)
	}
	if n := len(stsFake.AssumeRoleCalls()); n != len(variants) {
		t.Errorf("AssumeRole calls = %d, want one per distinct session: %d", n, len(variants))
	}
}

func TestAssumeRoleGeneratedSessionName(t *testing.T) {
	conn, s, _, stsFake := roleFakes(t)
	s.RoleSessionName = ""
	listAs(t, conn, s)
	listAs(t, conn, s)
	calls := stsFake.AssumeRoleCalls()
	if len(calls) != 1 {
		t.Fatalf("AssumeRole calls = %d, want 1", len(calls))
	}
	name := calls[0].RoleSessionName
	if !strings.HasPrefix(name, "s3play-") {
		t.Errorf("session name %q, want one starting with s3play-", name)
	}
	if err := CheckSessionName(name); err != nil {
		t.Errorf("generated session name rejected: %v", err)
	}
}

func TestAssumeRoleRefreshesExpiring(t *testing.T) {
	conn, s, s3Fake, stsFake := roleFakes(t)
	// Credentials that expire in 3 seconds are inside the refresh window
	// (at least 10 seconds), so the next request fetches new ones.
	stsFake.SetLifetime(3 * time.Second)
	listAs(t, conn, s)
	listAs(t, conn, s)
	calls := stsFake.AssumeRoleCalls()
	if len(calls) != 2 {
		t.Fatalf("AssumeRole calls = %d, want 2", len(calls))
	}
	keys := accessKeys(s3Fake.Requests())
	if len(keys) != 2 || keys[0] != calls[0].Issued || keys[1] != calls[1].Issued {
		t.Errorf("S3 requests signed by %v, want %s then the refreshed %s",
			keys, calls[0].Issued, calls[1].Issued)
	}
}

// assumeRoleFailure runs s3.list_buckets with a role that STS refuses
// with fault and returns the failure.
func assumeRoleFailure(t *testing.T, fault fakeaws.Fault) (*Failure, *fakeaws.S3, *fakeaws.STS) {
	t.Helper()
	conn, s, s3Fake, stsFake := roleFakes(t)
	stsFake.FailAssumeRole(fault)
	_, err := runAction(t, &Call{Conn: conn, Settings: s}, "s3.list_buckets")
	var f *Failure
	if !errors.As(err, &f) {
		t.Fatalf("error = %v, want a Failure", err)
	}
	return f, s3Fake, stsFake
}

func TestAssumeRoleValidationError(t *testing.T) {
	message := "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
	f, s3Fake, stsFake := assumeRoleFailure(t, fakeaws.Fault{Status: 400,
		Code: "ValidationError", Message: message})
	if f.Indicator != "List Buckets failed." {
		t.Errorf("indicator = %q, want List Buckets failed.", f.Indicator)
	}
	if f.StatusCode != "400" {
		t.Errorf("status code = %q, want 400", f.StatusCode)
	}
	if f.Code != "ValidationError" {
		t.Errorf("code = %q, want ValidationError", f.Code)
	}
	want := "An error occurred (ValidationError) when calling the AssumeRole operation: " + message
	if f.Message != want {
		t.Errorf("message = %q, want %q", f.Message, want)
	}
	if !strings.Contains(f.Hint, "maximum session duration") {
		t.Errorf("hint = %q, want one about the role's maximum session duration", f.Hint)
	}
	if n := len(stsFake.AssumeRoleCalls()); n != 1 {
		t.Errorf("AssumeRole calls = %d, want 1: a ValidationError is not retried", n)
	}
	if n := len(s3Fake.Requests()); n != 0 {
		t.Errorf("S3 requests = %d, want none without credentials", n)
	}
}

func TestAssumeRoleAccessDenied(t *testing.T) {
	f, _, _ := assumeRoleFailure(t, fakeaws.Fault{Status: 403, Code: "AccessDenied",
		Message: "User is not authorized to perform: sts:AssumeRole"})
	if f.StatusCode != "403" {
		t.Errorf("status code = %q, want 403", f.StatusCode)
	}
	if !strings.HasPrefix(f.Message, "An error occurred (AccessDenied) when calling the AssumeRole") {
		t.Errorf("message = %q", f.Message)
	}
	if !strings.Contains(f.Hint, "trust policy") {
		t.Errorf("hint = %q, want one about the trust policy", f.Hint)
	}
}

func TestConnectionAssumedIdentity(t *testing.T) {
	conn, s, _, stsFake := roleFakes(t)
	res, err := runAction(t, &Call{Conn: conn, Settings: s}, "s3.test_connection")
	if err != nil {
		t.Fatal(err)
	}
	identity, _ := res.Output.(map[string]any)["Identity"].(map[string]any)
	want := "arn:aws:sts::" + fakeaws.Account + ":assumed-role/ops/ops-run"
	if identity["Arn"] != want {
		t.Errorf("identity = %v, want Arn %s", identity, want)
	}
	if n := len(stsFake.AssumeRoleCalls()); n != 1 {
		t.Errorf("AssumeRole calls = %d, want 1 shared by S3 and STS", n)
	}
}

func TestAssumeRoleThrottlingNotMultiplied(t *testing.T) {
	f, s3Fake, stsFake := assumeRoleFailure(t, fakeaws.Fault{Status: 400, Code: "Throttling",
		Message: "Rate exceeded"})
	if f.Code != "Throttling" {
		t.Errorf("code = %q, want Throttling", f.Code)
	}
	// The STS client retries AssumeRole itself; the S3 call around it must
	// not start that whole sequence again for each of its own attempts.
	if n := len(stsFake.Requests()); n != DefaultMaxAttempts {
		t.Errorf("STS requests = %d, want %d", n, DefaultMaxAttempts)
	}
	if n := len(s3Fake.Requests()); n != 0 {
		t.Errorf("S3 requests = %d, want none without credentials", n)
	}
}
