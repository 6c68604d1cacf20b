package sandbox

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

const testRoleARN = "arn:aws:iam::123456789012:role/incident/responder"

func newSTSClient(endpoint string, creds aws.CredentialsProvider) *sts.Client {
	return sts.New(sts.Options{
		BaseEndpoint: aws.String(endpoint),
		Region:       "us-east-1",
		Credentials:  creds,
	})
}

func TestGetCallerIdentity(t *testing.T) {
	s := startSandbox(t)
	output, err := newSTSClient(s.Endpoint, s.Credentials()).
		GetCallerIdentity(testContext(t), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if got := aws.ToString(output.Account); got != sandboxAccount {
		t.Errorf("Account = %q, want %q", got, sandboxAccount)
	}
	if got := aws.ToString(output.Arn); got != "arn:aws:iam::000000000000:user/sandbox" {
		t.Errorf("Arn = %q", got)
	}
}

func TestAssumeRole(t *testing.T) {
	s := startSandbox(t)
	ctx := testContext(t)
	before := time.Now()

	output, err := newSTSClient(s.Endpoint, s.Credentials()).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         aws.String(testRoleARN),
		RoleSessionName: aws.String("rehearsal@s3play"),
		DurationSeconds: aws.Int32(900),
	})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	creds := output.Credentials
	if !strings.HasPrefix(aws.ToString(creds.AccessKeyId), "ASIA") ||
		aws.ToString(creds.SessionToken) == "" {
		t.Errorf("credentials = %q with token %q, want an ASIA key and a token",
			aws.ToString(creds.AccessKeyId), aws.ToString(creds.SessionToken))
	}
	expires := aws.ToTime(creds.Expiration)
	if expires.Before(before.Add(899*time.Second)) || expires.After(time.Now().Add(901*time.Second)) {
		t.Errorf("Expiration = %v, want 900 seconds from now", expires)
	}
	wantARN := "arn:aws:sts::123456789012:assumed-role/responder/rehearsal@s3play"
	if got := aws.ToString(output.AssumedRoleUser.Arn); got != wantARN {
		t.Errorf("AssumedRoleUser.Arn = %q, want %q", got, wantARN)
	}

	// The temporary credentials work for S3 and report the role session.
	role := stsCredentialsProvider(creds.AccessKeyId, creds.SecretAccessKey, creds.SessionToken)
	client := newTestClient(s.Endpoint, role, aws.RequestChecksumCalculationWhenSupported, nil)
	if _, err := client.ListBuckets(ctx, &s3.ListBucketsInput{}); err != nil {
		t.Errorf("ListBuckets with role credentials: %v", err)
	}
	identity, err := newSTSClient(s.Endpoint, role).
		GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity with role credentials: %v", err)
	}
	if got := aws.ToString(identity.Arn); got != wantARN {
		t.Errorf("caller Arn = %q, want %q", got, wantARN)
	}
}

func stsCredentialsProvider(accessKey, secretKey, token *string) aws.CredentialsProvider {
	return aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{
			AccessKeyID:     aws.ToString(accessKey),
			SecretAccessKey: aws.ToString(secretKey),
			SessionToken:    aws.ToString(token),
		}, nil
	})
}

// TestAssumeRoleProvider uses the SDK's stscreds provider, the way a
// connection with a role ARN gets its credentials.
func TestAssumeRoleProvider(t *testing.T) {
	s := startSandbox(t)
	provider := stscreds.NewAssumeRoleProvider(newSTSClient(s.Endpoint, s.Credentials()), testRoleARN,
		func(o *stscreds.AssumeRoleOptions) { o.RoleSessionName = "provider-session" })
	client := newTestClient(s.Endpoint, aws.NewCredentialsCache(provider),
		aws.RequestChecksumCalculationWhenSupported, nil)

	if _, err := client.ListBuckets(testContext(t), &s3.ListBucketsInput{}); err != nil {
		t.Errorf("ListBuckets through AssumeRole: %v", err)
	}
}

func TestAssumeRoleValidation(t *testing.T) {
	s := startSandbox(t)
	client := newSTSClient(s.Endpoint, s.Credentials())
	tests := map[string]*sts.AssumeRoleInput{
		"user ARN": {RoleArn: aws.String("arn:aws:iam::123456789012:user/alice"),
			RoleSessionName: aws.String("ok-name")},
		"short session name": {RoleArn: aws.String(testRoleARN), RoleSessionName: aws.String("x")},
		"session name with space": {RoleArn: aws.String(testRoleARN),
			RoleSessionName: aws.String("two words")},
		"duration too short": {RoleArn: aws.String(testRoleARN), RoleSessionName: aws.String("ok-name"),
			DurationSeconds: aws.Int32(899)},
		"duration too long": {RoleArn: aws.String(testRoleARN), RoleSessionName: aws.String("ok-name"),
			DurationSeconds: aws.Int32(43201)},
	}
	for name, input := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := client.AssumeRole(testContext(t), input)
			requireAPIError(t, err, "ValidationError", 400)
		})
	}
}

func TestRoleChainingLimit(t *testing.T) {
	s := startSandbox(t)
	ctx := testContext(t)
	first, err := newSTSClient(s.Endpoint, s.Credentials()).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String(testRoleARN), RoleSessionName: aws.String("first"),
	})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	creds := first.Credentials
	chained := newSTSClient(s.Endpoint,
		stsCredentialsProvider(creds.AccessKeyId, creds.SecretAccessKey, creds.SessionToken))

	_, err = chained.AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String(testRoleARN), RoleSessionName: aws.String("second"),
		DurationSeconds: aws.Int32(7200),
	})
	requireAPIError(t, err, "ValidationError", 400)

	_, err = chained.AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String(testRoleARN), RoleSessionName: aws.String("second"),
	})
	if err != nil {
		t.Errorf("chained AssumeRole for one hour: %v", err)
	}
}

func TestExpiredRoleCredentials(t *testing.T) {
	server := newServer(sandboxAccessKey, slog.Default())
	var offset atomic.Int64 // added to the server's clock
	server.keys.now = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	httpServer := httptest.NewServer(server)
	t.Cleanup(httpServer.Close)
	ctx := testContext(t)

	output, err := newSTSClient(httpServer.URL, staticCredentials(sandboxAccessKey)).
		AssumeRole(ctx, &sts.AssumeRoleInput{
			RoleArn: aws.String(testRoleARN), RoleSessionName: aws.String("expiring"),
		})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	creds := output.Credentials
	role := stsCredentialsProvider(creds.AccessKeyId, creds.SecretAccessKey, creds.SessionToken)
	client := newTestClient(httpServer.URL, role, aws.RequestChecksumCalculationWhenRequired, nil)

	offset.Store(int64(time.Hour))
	_, err = client.ListBuckets(ctx, &s3.ListBucketsInput{})
	requireAPIError(t, err, "ExpiredToken", 400)
	_, err = newSTSClient(httpServer.URL, role).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	requireAPIError(t, err, "ExpiredToken", 400)
}
