package sandbox

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestUnknownAccessKey(t *testing.T) {
	s := startSandbox(t)
	client := newTestClient(s.Endpoint, staticCredentials("AKIAUNKNOWNKEY000000"),
		aws.RequestChecksumCalculationWhenRequired, nil)
	_, err := client.ListBuckets(testContext(t), &s3.ListBucketsInput{})
	requireAPIError(t, err, "InvalidAccessKeyId", 403)

	_, err = newSTSClient(s.Endpoint, staticCredentials("AKIAUNKNOWNKEY000000")).
		GetCallerIdentity(testContext(t), &sts.GetCallerIdentityInput{})
	requireAPIError(t, err, "InvalidClientTokenId", 403)
}

func TestAnonymousRequestDenied(t *testing.T) {
	s := startSandbox(t)
	response, err := http.Get(s.Endpoint + "/demo-keep/README.txt")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	defer response.Body.Close()
	if response.StatusCode != http.StatusForbidden {
		t.Errorf("status = %d, want 403", response.StatusCode)
	}
	body, _ := io.ReadAll(response.Body)
	if !strings.Contains(string(body), "<Code>AccessDenied</Code>") {
		t.Errorf("body = %s, want AccessDenied", body)
	}
}

func TestWrongSessionToken(t *testing.T) {
	s := startSandbox(t)
	ctx := testContext(t)
	output, err := newSTSClient(s.Endpoint, s.Credentials()).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String(testRoleARN), RoleSessionName: aws.String("token-check"),
	})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	creds := output.Credentials
	forged := credentials.NewStaticCredentialsProvider(aws.ToString(creds.AccessKeyId),
		aws.ToString(creds.SecretAccessKey), "forged-token")
	client := newTestClient(s.Endpoint, forged, aws.RequestChecksumCalculationWhenRequired, nil)
	_, err = client.ListBuckets(ctx, &s3.ListBucketsInput{})
	requireAPIError(t, err, "InvalidToken", 400)
}

func TestPresignedURL(t *testing.T) {
	s := startSandbox(t)
	presigner := s3.NewPresignClient(sandboxClient(s, aws.RequestChecksumCalculationWhenSupported))
	request, err := presigner.PresignGetObject(testContext(t), &s3.GetObjectInput{
		Bucket: aws.String("demo-keep"), Key: aws.String("README.txt"),
	})
	if err != nil {
		t.Fatalf("PresignGetObject: %v", err)
	}
	response, err := http.Get(request.URL)
	if err != nil {
		t.Fatalf("GET presigned URL: %v", err)
	}
	if body := readBody(t, response.Body); response.StatusCode != 200 ||
		body != "This bucket must survive every cleanup.\n" {
		t.Errorf("presigned GET = %d %q", response.StatusCode, body)
	}
}

func TestErrorHasRequestID(t *testing.T) {
	s := startSandbox(t)
	client := sandboxClient(s, aws.RequestChecksumCalculationWhenRequired)
	_, err := client.GetObject(testContext(t), &s3.GetObjectInput{
		Bucket: aws.String("demo-keep"), Key: aws.String("missing.txt"),
	})
	requireAPIError(t, err, "NoSuchKey", 404)
	var responseErr *awshttp.ResponseError
	if !errors.As(err, &responseErr) || responseErr.ServiceRequestID() == "" {
		t.Errorf("error %v has no request id", err)
	}
}
