package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3play/s3play/internal/testserver"
)

// versity returns the test server with its credentials in the environment.
func versity(t *testing.T) *testserver.Server {
	t.Helper()
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	return srv
}

// localFile writes body to a new file named name in a temporary folder and
// returns its path.
func localFile(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// planThenRun plans a playbook, approves the plan as it is and runs it.
func planThenRun(t *testing.T, srv *testserver.Server, pb *Playbook) (*Record, *Record) {
	t.Helper()
	runner := newTestRunner(srv)
	plan := runner.Plan(context.Background(), pb, map[string]any{})
	runner.Approved = plan
	return plan, runner.Run(context.Background(), pb, map[string]any{})
}

func putObject(t *testing.T, srv *testserver.Server, bucket, key, body string) {
	t.Helper()
	_, err := srv.Client().PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: &bucket, Key: &key, Body: strings.NewReader(body)})
	if err != nil {
		t.Fatal(err)
	}
}

func removeObject(t *testing.T, srv *testserver.Server, bucket, key string) {
	t.Helper()
	_, err := srv.Client().DeleteObject(context.Background(), &s3.DeleteObjectInput{
		Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatal(err)
	}
}
