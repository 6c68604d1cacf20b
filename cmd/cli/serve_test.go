package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/history"
)

// serveTimeout bounds waits in the serve tests. It only stops a hung test;
// no test asserts how fast serve is.
const serveTimeout = 30 * time.Second

const everySecond = `name: every-second
schedule: "@every 1s"
steps:
  - id: buckets
    action: s3.list_buckets
  - id: objects
    action: s3.list_bucket_objects
    for_each: $.steps.buckets.output.Buckets[*].Name
    with:
      bucket: $.item
`

// badReference names a step that does not exist at line 7, column 13.
const badReference = `name: bad-reference
schedule: "@hourly"
steps:
  - id: buckets
    action: s3.list_buckets
  - id: delete
    with: {bucket_names: $.steps.nope.output}
    action: s3.delete_buckets
`

const manualOnly = `name: manual-only
steps:
  - id: buckets
    action: s3.list_buckets
`

func writeServeFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// lockedBuffer collects output that a running command writes while the
// test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitForRuns polls the history in state until it has n runs.
func waitForRuns(t *testing.T, state string, n int, logs func() string) []history.Entry {
	t.Helper()
	deadline := time.Now().Add(serveTimeout)
	for {
		entries := readRuns(t, state)
		if len(entries) >= n {
			return entries
		}
		if time.Now().After(deadline) {
			t.Fatalf("history has %d runs, want %d; logs:\n%s", len(entries), n, logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func readRuns(t *testing.T, state string) []history.Entry {
	t.Helper()
	store, err := history.Open(context.Background(), state)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	entries, err := store.List(context.Background(), history.Filter{Kind: history.KindRun})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// waitForExit checks that serve returns with exit code 0 once its context
// is canceled.
func waitForExit(t *testing.T, done <-chan int, logs func() string) {
	t.Helper()
	select {
	case code := <-done:
		if code != ExitSuccess {
			t.Errorf("exit code = %d, want %d\n%s", code, ExitSuccess, logs())
		}
	case <-time.After(serveTimeout):
		t.Fatal("serve did not return after its context was canceled")
	}
}

// listenAddress reads the HTTP address from the "serve started" log line.
func listenAddress(t *testing.T, logs string) string {
	t.Helper()
	for _, line := range strings.Split(logs, "\n") {
		var entry map[string]any
		if json.Unmarshal([]byte(line), &entry) == nil && entry["msg"] == "serve started" {
			return entry["listen"].(string)
		}
	}
	t.Fatalf("no serve started line in the logs:\n%s", logs)
	return ""
}

func TestServeRunsValidPlaybooksOnly(t *testing.T) {
	isolateAWS(t)
	fakeCredentials(t)
	fake := newHoldingS3(t, "", "alpha")
	dir := writeServeFolder(t, map[string]string{"a.yaml": everySecond,
		"b.yaml": badReference, "c.yaml": manualOnly})
	state := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- Execute(ctx, []string{"serve", "--playbooks", dir, "--listen", "127.0.0.1:0",
			"--state", state, "--endpoint-url", fake.URL}, strings.NewReader(""), &stdout, &stderr)
	}()

	runs := waitForRuns(t, state, 2, stderr.String)
	addr := listenAddress(t, stderr.String())
	checkServeEndpoints(t, addr)
	cancel()
	waitForExit(t, done, stderr.String)

	logs := stderr.String()
	if want := filepath.Join(dir, "b.yaml") + ":7:26:"; !strings.Contains(logs, want) {
		t.Errorf("logs lack the invalid playbook's position %s:\n%s", want, logs)
	}
	if !strings.Contains(logs, "no schedule") || !strings.Contains(logs, "c.yaml") {
		t.Errorf("logs do not report c.yaml as unscheduled:\n%s", logs)
	}
	for _, e := range runs {
		if e.Playbook != "every-second" || e.Status != string(actions.Succeeded) {
			t.Errorf("run %s: playbook %s, status %s", e.ID, e.Playbook, e.Status)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %s", line)
		}
	}
	if strings.Contains(logs, "fake-secret") {
		t.Error("the logs contain the secret key")
	}
}

func checkServeEndpoints(t *testing.T, addr string) {
	t.Helper()
	for path, want := range map[string]string{
		"/healthz": `"ok"`,
		"/metrics": `s3play_runs_total{playbook="every-second",status="Succeeded"}`,
		"/runs":    `"playbook": "every-second"`,
	} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		_, _ = body.ReadFrom(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(body.String(), want) {
			t.Errorf("%s = %d, lacks %s:\n%s", path, resp.StatusCode, want, body.String())
		}
	}
}

func TestServeRejectsNonLoopback(t *testing.T) {
	dir := writeServeFolder(t, map[string]string{"a.yaml": everySecond})
	code, _, errOut := execute(t, "serve", "--playbooks", dir, "--listen", "0.0.0.0:9310")
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errOut, "loopback") {
		t.Errorf("message = %s", errOut)
	}
}

func TestServeRejectsInvalidPort(t *testing.T) {
	dir := writeServeFolder(t, map[string]string{"a.yaml": everySecond})
	state := t.TempDir()
	code, _, errOut := execute(t, "serve", "--playbooks", dir, "--listen", "127.0.0.1:99999",
		"--state", state)
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errOut, "port must be a number") {
		t.Errorf("message = %s", errOut)
	}
}

func TestServeWithoutScheduledPlaybook(t *testing.T) {
	dir := writeServeFolder(t, map[string]string{"b.yaml": badReference, "c.yaml": manualOnly})
	code, _, errOut := execute(t, "serve", "--playbooks", dir, "--listen", "127.0.0.1:0",
		"--state", t.TempDir())
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	want := "no playbook to schedule in " + dir + ": 1 rejected, see the errors above, " +
		"and 1 without a schedule; fix the errors, or add `schedule: \"@hourly\"`"
	if !strings.Contains(errOut, want) {
		t.Errorf("message = %s, want %s", errOut, want)
	}
}

// Playbooks rejected for sharing a name do have a schedule, so the final
// message must not ask for one.
func TestServeOnlySharedNames(t *testing.T) {
	dir := writeServeFolder(t, map[string]string{"a.yaml": everySecond, "b.yaml": everySecond})
	code, _, errOut := execute(t, "serve", "--playbooks", dir, "--listen", "127.0.0.1:0",
		"--state", t.TempDir())
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errOut, "is also used by") {
		t.Errorf("message = %s, want the shared name reported", errOut)
	}
	want := "error: no playbook to schedule in " + dir + ": 2 rejected, see the errors above; fix them\n"
	if !strings.HasSuffix(errOut, want) {
		t.Errorf("message = %s, want it to end with %q", errOut, want)
	}
}

func TestServeEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := execute(t, "serve", "--playbooks", dir, "--listen", "127.0.0.1:0",
		"--state", t.TempDir())
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errOut, "the folder has no .yaml or .yml file") {
		t.Errorf("message = %s", errOut)
	}
}

// TestServeSIGTERMRecordsCanceledRun runs serve as its own process and
// stops it with SIGTERM while a run waits in its third item.
func TestServeSIGTERMRecordsCanceledRun(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGTERM cannot be sent on Windows")
	}
	fake := newHoldingS3(t, "c-hold", "a-fast", "b-fast", "c-hold", "d-never")
	state := t.TempDir()
	dir := writeServeFolder(t, map[string]string{"a.yaml": everySecond})
	cmd := exec.Command(os.Args[0], "serve", "--playbooks", dir, "--listen", "127.0.0.1:0",
		"--state", state, "--endpoint-url", fake.URL)
	cmd.Env = append(os.Environ(), envRunAsMain+"=1", "AWS_EC2_METADATA_DISABLED=true",
		"AWS_ACCESS_KEY_ID=AKIDFAKE", "AWS_SECRET_ACCESS_KEY=fake-secret", "AWS_REGION=us-east-1",
		"AWS_CONFIG_FILE="+os.DevNull, "AWS_SHARED_CREDENTIALS_FILE="+os.DevNull, "AWS_PROFILE=")
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() { _ = cmd.Process.Kill() }()

	select {
	case <-fake.entered:
	case <-time.After(serveTimeout):
		t.Fatalf("no run reached the held listing; logs:\n%s", stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			t.Errorf("exit code = %d, want 0\n%s", exitErr.ExitCode(), stderr.String())
		} else if err != nil {
			t.Fatal(err)
		}
	case <-time.After(serveTimeout):
		t.Fatalf("serve did not exit after SIGTERM; logs:\n%s", stderr.String())
	}
	checkCanceledRun(t, state)
}

func checkCanceledRun(t *testing.T, state string) {
	t.Helper()
	runs := readRuns(t, state)
	if len(runs) != 1 || runs[0].Status != string(engine.Canceled) {
		t.Fatalf("runs = %+v, want one Canceled run", runs)
	}
	_, out, _ := execute(t, "history", "show", runs[0].ID, "--state", state, "-o", "json")
	var rec engine.Record
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatal(err)
	}
	items := rec.Steps[1].Items
	if len(items) < 2 || items[0].Status != actions.Succeeded || items[1].Status != actions.Succeeded {
		t.Fatalf("items = %+v, want a-fast and b-fast Succeeded", items)
	}
	for _, it := range items {
		if it.Item == "d-never" {
			t.Error("the item after the interrupted one ran")
		}
	}
}

func TestServeSandbox(t *testing.T) {
	isolateAWS(t)
	dir := writeServeFolder(t, map[string]string{"a.yaml": everySecond})
	state := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- Execute(ctx, []string{"serve", "--sandbox", "--playbooks", dir, "--listen",
			"127.0.0.1:0", "--state", state}, strings.NewReader(""), &bytes.Buffer{}, &stderr)
	}()

	runs := waitForRuns(t, state, 1, stderr.String)
	cancel()
	waitForExit(t, done, stderr.String)
	_, out, _ := execute(t, "history", "show", runs[0].ID, "--state", state, "-o", "json")
	var rec engine.Record
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Status != actions.Succeeded || len(rec.Steps[1].Items) == 0 {
		t.Errorf("run %s = %s with %d items, want the sandbox's buckets listed", rec.RunID,
			rec.Status, len(rec.Steps[1].Items))
	}
}
