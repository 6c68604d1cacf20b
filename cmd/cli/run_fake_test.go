package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// A 200 DeleteObjects reply that lists a key under Errors must make the
// emptying step partial, name the key, and stop the run before
// delete_buckets sends DeleteBucket for a bucket that is not empty.
func TestRunKeyErrorStopsBeforeDeleteBucket(t *testing.T) {
	const bucket, deniedKey, freeKey = "tmp-denied", "locked/secret.txt", "free.txt"
	cases := []struct {
		name string
		args []string
	}{
		{"empty-and-delete-bucket",
			[]string{"../../playbooks/empty-and-delete-bucket.yaml", "--input", "bucket=" + bucket}},
		{"delete-buckets-with-prefix",
			[]string{"../../playbooks/delete-buckets-with-prefix.yaml", "--input", "prefix=tmp-"}},
	}
	for _, c := range cases {
		for _, format := range []string{formatText, formatJSON} {
			t.Run(c.name+"/"+format, func(t *testing.T) {
				isolateAWS(t)
				fakeCredentials(t)
				fake := newFakeS3(t, bucket, freeKey, deniedKey)
				fake.denied[deniedKey] = "AccessDenied"

				args := append([]string{"run", "--yes", "--endpoint-url", fake.URL(),
					"--output", format}, c.args...)
				code, out, errOut := execute(t, args...)

				if code != ExitPartial {
					t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s",
						code, ExitPartial, out, errOut)
				}
				if n := fake.DeleteBucketCalls(); n != 0 {
					t.Errorf("DeleteBucket called %d times, want 0; requests: %v", n, fake.Requests())
				}
				if got := fake.Keys(); !slices.Equal(got, []string{deniedKey}) {
					t.Errorf("keys left = %v, want only %s", got, deniedKey)
				}
				if format == formatText {
					checkKeyErrorText(t, out, bucket+"/"+deniedKey)
				} else {
					checkKeyErrorRecord(t, out, deniedKey)
				}
			})
		}
	}
}

func checkKeyErrorText(t *testing.T, out, object string) {
	t.Helper()
	if !strings.Contains(out, object) {
		t.Errorf("output does not name %s:\n%s", object, out)
	}
	if !strings.Contains(out, "AccessDenied") {
		t.Errorf("output does not show the error code AccessDenied:\n%s", out)
	}
	if !strings.Contains(out, "not run: step empty did not succeed") {
		t.Errorf("output does not show that the delete step was not run:\n%s", out)
	}
}

func checkKeyErrorRecord(t *testing.T, out, key string) {
	t.Helper()
	var rec engine.Record
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("stdout is not one JSON record: %v\n%s", err, out)
	}
	if rec.Status != actions.PartiallySucceeded {
		t.Errorf("record status = %s, want %s", rec.Status, actions.PartiallySucceeded)
	}
	steps := map[string]*engine.StepRecord{}
	for _, s := range rec.Steps {
		steps[s.ID] = s
	}
	empty, del := steps["empty"], steps["delete"]
	if empty == nil || del == nil {
		t.Fatalf("record lacks the empty or delete step: %+v", rec.Steps)
	}
	if empty.Status != actions.PartiallySucceeded {
		t.Errorf("empty step status = %s, want %s", empty.Status, actions.PartiallySucceeded)
	}
	if del.Status != actions.Skipped {
		t.Errorf("delete step status = %s, want %s", del.Status, actions.Skipped)
	}
	if !strings.Contains(string(mustJSON(t, empty)), `"Key":"`+key+`"`) {
		t.Errorf("empty step does not list %s in its errors: %s", key, mustJSON(t, empty))
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A state-changing run without --yes and without a terminal must be
// rejected before any request, whatever stdin contains: a piped "yes" is
// not a confirmation.
func TestRunRefusedSendsNoRequest(t *testing.T) {
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = devNull.Close() })
	stdins := []struct {
		name  string
		stdin io.Reader
	}{
		{"empty", strings.NewReader("")},
		{"piped-yes", strings.NewReader("yes\n")},
		{"dev-null-file", devNull},
	}
	for _, s := range stdins {
		t.Run(s.name, func(t *testing.T) {
			isolateAWS(t)
			fakeCredentials(t)
			fake := newFakeS3(t, "tmp-refused", "a.txt")

			var stdout, stderr bytes.Buffer
			code := Execute(context.Background(), []string{"run",
				"../../playbooks/delete-buckets-with-prefix.yaml", "--input", "prefix=tmp-",
				"--endpoint-url", fake.URL()}, s.stdin, &stdout, &stderr)

			if code != ExitRefused {
				t.Errorf("exit code = %d, want %d\nstderr:\n%s", code, ExitRefused, stderr.String())
			}
			if got := fake.Requests(); len(got) != 0 {
				t.Errorf("server received %d requests, want 0: %v", len(got), got)
			}
			if !strings.Contains(stderr.String(), "--yes") {
				t.Errorf("message does not mention --yes: %s", stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing because no step ran", stdout.String())
			}
			if got := fake.Keys(); len(got) != 1 {
				t.Errorf("keys left = %v, want a.txt untouched", got)
			}
		})
	}
}

// The same run with --yes reaches the fake, so the zero request count of
// the rejected run does not come from a fake that
// receives nothing.
func TestRunConfirmedReachesFake(t *testing.T) {
	isolateAWS(t)
	fakeCredentials(t)
	fake := newFakeS3(t, "tmp-confirmed", "a.txt")

	code, out, errOut := execute(t, "run", "../../playbooks/delete-buckets-with-prefix.yaml",
		"--input", "prefix=tmp-", "--yes", "--endpoint-url", fake.URL())

	if code != ExitSuccess {
		t.Fatalf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitSuccess, out, errOut)
	}
	if len(fake.Requests()) == 0 {
		t.Error("server received no requests")
	}
	if n := fake.DeleteBucketCalls(); n != 1 {
		t.Errorf("DeleteBucket called %d times, want 1", n)
	}
	if got := fake.Keys(); len(got) != 0 {
		t.Errorf("keys left = %v, want none", got)
	}
}
