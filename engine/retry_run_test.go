package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/internal/fakeaws"
)

// runThrottled runs one list step against a fake S3 that returns 503
// SlowDown four times before it succeeds.
func runThrottled(t *testing.T, src string) (*Record, *fakeaws.S3) {
	t.Helper()
	r, s3Fake, _ := fakeRunner(t)
	s3Fake.FailNext(fakeaws.SlowDown, fakeaws.SlowDown, fakeaws.SlowDown, fakeaws.SlowDown)
	return r.Run(context.Background(), mustLoad(t, src), nil), s3Fake
}

func TestRunThrottlingRetried(t *testing.T) {
	rec, s3Fake := runThrottled(t, `
name: throttled
steps:
  - id: list
    action: s3.list_buckets
    retry: {max_attempts: 6}
`)
	step := rec.Steps[0]
	if step.Status != actions.Succeeded {
		t.Fatalf("step status = %s, error = %v, want Succeeded", step.Status, step.Error)
	}
	if n := len(s3Fake.Requests()); n != 5 {
		t.Errorf("requests = %d, want 5", n)
	}
	if step.Retries != 4 {
		t.Errorf("step retries = %d, want 4", step.Retries)
	}
	if rec.Retries != 4 {
		t.Errorf("run retries = %d, want 4", rec.Retries)
	}
	if step.APICalls != 1 {
		t.Errorf("step API calls = %d, want 1", step.APICalls)
	}
}

func TestRunThrottlingGivesUp(t *testing.T) {
	playbooks := map[string]string{
		"step retry": `
name: throttled
steps:
  - id: list
    action: s3.list_buckets
    retry: {max_attempts: 3}
`,
		"playbook connection": `
name: throttled
connection: {max_attempts: 3}
steps:
  - id: list
    action: s3.list_buckets
`,
	}
	for name, src := range playbooks {
		rec, s3Fake := runThrottled(t, src)
		step := rec.Steps[0]
		if step.Status != actions.Failed || step.Error == nil {
			t.Errorf("%s: step status = %s, want Failed with an error", name, step.Status)
			continue
		}
		if n := len(s3Fake.Requests()); n != 3 {
			t.Errorf("%s: requests = %d, want 3", name, n)
		}
		if step.Retries != 2 {
			t.Errorf("%s: retries = %d, want 2", name, step.Retries)
		}
		f := step.Error
		if f.StatusCode != "503" || f.Code != "SlowDown" {
			t.Errorf("%s: failure = %s %s, want 503 SlowDown", name, f.StatusCode, f.Code)
		}
		want := "An error occurred (SlowDown) when calling the ListBuckets operation:"
		if !strings.HasPrefix(f.Message, want) {
			t.Errorf("%s: message = %q", name, f.Message)
		}
		if !strings.Contains(f.Hint, "throttling") {
			t.Errorf("%s: hint = %q, want one about throttling", name, f.Hint)
		}
	}
}

func TestRunStepRetryOverridesPlaybook(t *testing.T) {
	rec, _ := runThrottled(t, `
name: throttled
connection: {max_attempts: 2}
steps:
  - id: list
    action: s3.list_buckets
    retry: {max_attempts: 5}
`)
	if step := rec.Steps[0]; step.Status != actions.Succeeded || step.Retries != 4 {
		t.Errorf("step = %s with %d retries, want Succeeded with 4", step.Status, step.Retries)
	}
}
