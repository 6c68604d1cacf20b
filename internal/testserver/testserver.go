// Package testserver connects tests to the real S3 server (versitygw) that
// .ci/run starts, and gives each test its own buckets.
package testserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Environment variables that point tests at the server.
const (
	EnvEndpoint  = "S3PLAY_TEST_ENDPOINT"
	EnvAccessKey = "S3PLAY_TEST_ACCESS_KEY"
	EnvSecretKey = "S3PLAY_TEST_SECRET_KEY"
)

// Server is a running S3-compatible server reachable on loopback.
type Server struct {
	Endpoint  string
	AccessKey string
	SecretKey string
}

// Versity returns the test server. Under CI=true a missing server fails the
// test, because a silent skip would hide that nothing was tested; elsewhere
// the test is skipped with a hint.
func Versity(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		Endpoint:  os.Getenv(EnvEndpoint),
		AccessKey: os.Getenv(EnvAccessKey),
		SecretKey: os.Getenv(EnvSecretKey),
	}
	if s.Endpoint == "" || s.AccessKey == "" || s.SecretKey == "" {
		msg := "no S3 test server: set " + EnvEndpoint + ", " + EnvAccessKey + " and " +
			EnvSecretKey + " (bash .ci/versitygw.sh start prints them)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return s
}

// SetEnv points the default AWS credential chain at the server for the
// duration of the test and keeps the SDK away from instance metadata.
func (s *Server) SetEnv(t testing.TB) {
	t.Setenv("AWS_ACCESS_KEY_ID", s.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", s.SecretKey)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
}

// Client returns a plain SDK client for seeding and checking test data.
func (s *Server) Client() *s3.Client {
	return s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(s.Endpoint),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
	})
}

// Bucket creates a bucket with a unique name starting with prefix and
// removes it, with everything in it, when the test ends.
func (s *Server) Bucket(t testing.TB, prefix string) string {
	t.Helper()
	name := UniqueName(prefix)
	s.CreateBucket(t, name)
	return name
}

// UniqueName returns prefix followed by random lowercase hex, usable as a
// bucket name.
func UniqueName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return strings.ToLower(prefix) + hex.EncodeToString(b)
}

// CreateBucket creates a bucket with exactly this name and removes it, with
// everything in it, when the test ends.
func (s *Server) CreateBucket(t testing.TB, name string) {
	t.Helper()
	if _, err := s.Client().CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: &name}); err != nil {
		t.Fatalf("create bucket %s: %v", name, err)
	}
	t.Cleanup(func() { s.Remove(context.Background(), name) })
}
