package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/history"
)

const listEveryMinute = `name: list-every-minute
schedule: "@every 1m"
steps:
  - id: buckets
    action: s3.list_buckets
`

// loopPlaybook lists the objects of every bucket, one item per bucket.
const loopPlaybook = `name: loop-every-minute
schedule: "@every 1m"
steps:
  - id: buckets
    action: s3.list_buckets
  - id: objects
    action: s3.list_bucket_objects
    for_each: $.steps.buckets.output.Buckets[*].Name
    with:
      bucket: $.item
`

func TestServeRecordsScheduledRuns(t *testing.T) {
	fake := newSlowS3(t, "", "alpha")
	h := startHarness(t, writeFolder(t, map[string]string{"list.yaml": listEveryMinute}), fake.newRunner)

	for i := range 3 {
		h.tick(t, 1, time.Minute)
		h.waitForEntries(t, history.KindRun, i+1)
	}
	runs := h.entries(t, history.Filter{})
	if len(runs) != 3 {
		t.Fatalf("history has %d entries, want 3 runs and no skip", len(runs))
	}

	for _, e := range runs {
		if e.Status != string(actions.Succeeded) {
			t.Errorf("run %s status = %s, want Succeeded", e.ID, e.Status)
		}
		if e.Command != history.CommandServe || e.Playbook != "list-every-minute" {
			t.Errorf("run %s command %q playbook %q", e.ID, e.Command, e.Playbook)
		}
	}
	_, record, err := h.store.Get(t.Context(), runs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var rec engine.Record
	if err := json.Unmarshal(record, &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Steps) != 1 || rec.Steps[0].APICalls != 1 {
		t.Errorf("stored record steps = %+v, want one step with one API call", rec.Steps)
	}
	if strings.Contains(h.logs.String(), testSecret) {
		t.Error("the logs contain the secret key")
	}
}

func TestServeSkipsWhileRunning(t *testing.T) {
	fake := newSlowS3(t, "slow", "slow")
	h := startHarness(t, writeFolder(t, map[string]string{"loop.yaml": loopPlaybook}), fake.newRunner)

	h.tick(t, 1, time.Minute)
	<-fake.entered // the first run now waits in the listing of bucket slow
	h.tick(t, 1, time.Minute)
	h.tick(t, 1, time.Minute)
	h.clock.awaitWaiters(t, 1) // both skips are recorded before the loop waits again
	close(fake.release)
	h.waitForEntries(t, history.KindRun, 1)
	h.tick(t, 1, time.Minute)
	runs := h.waitForEntries(t, history.KindRun, 2)

	skips := h.entries(t, history.Filter{Kind: history.KindSkip})
	if len(skips) != 2 {
		t.Fatalf("skips = %d, want 2", len(skips))
	}
	// Skips carry the fake clock's times, but runs carry the engine's wall clock.
	for i, s := range skips {
		want := clockStart.Add(time.Duration(3-i) * time.Minute)
		if !s.Started.Equal(want) {
			t.Errorf("skip %d scheduled at %v, want %v", i, s.Started, want)
		}
		since := "started at " + clockStart.Add(time.Minute).Format("2006-01-02T15:04:05Z")
		if !strings.Contains(s.Reason, since) || !strings.Contains(s.Reason, "still running") {
			t.Errorf("skip reason = %q, want the first run %s", s.Reason, since)
		}
	}
	first := runs[1]
	if runs[0].Started.Before(first.Finished) {
		t.Errorf("second run started at %v, before the first ended at %v", runs[0].Started,
			first.Finished)
	}
	if p := fake.peak(); p != 1 {
		t.Errorf("%d requests were in flight at once, want 1", p)
	}
	if n := strings.Count(h.logs.String(), "run skipped"); n != 2 {
		t.Errorf("logged %d skips, want 2:\n%s", n, h.logs.String())
	}
	checkMetricsMatchHistory(t, h, "loop-every-minute")
}

func checkMetricsMatchHistory(t *testing.T, h *harness, playbook string) {
	t.Helper()
	got := scrapeMetrics(t, h.srv.Addr())
	byStatus := countByStatus(h.entries(t, history.Filter{Playbook: playbook}))
	for _, status := range runStatuses {
		key := fmt.Sprintf(`s3play_runs_total{playbook=%q,status=%q}`, playbook, status)
		if got[key] != float64(byStatus[string(status)]) {
			t.Errorf("%s = %v, history has %d", key, got[key], byStatus[string(status)])
		}
	}
	key := fmt.Sprintf(`s3play_runs_skipped_total{playbook=%q}`, playbook)
	if got[key] != float64(byStatus[history.StatusSkipped]) {
		t.Errorf("%s = %v, history has %d", key, got[key], byStatus[history.StatusSkipped])
	}
}

func TestServeCancelRecordsCanceledRun(t *testing.T) {
	fake := newSlowS3(t, "c-slow", "a-fast", "b-fast", "c-slow", "d-never")
	h := startHarness(t, writeFolder(t, map[string]string{"loop.yaml": loopPlaybook}), fake.newRunner)

	h.tick(t, 1, time.Minute)
	<-fake.entered
	h.cancel()
	if err := h.srv.Wait(); err != nil {
		t.Fatalf("Wait: %v", err)
	}

	runs := h.entries(t, history.Filter{Kind: history.KindRun})
	if len(runs) != 1 || runs[0].Status != string(engine.Canceled) {
		t.Fatalf("runs = %+v, want one Canceled run", runs)
	}
	_, raw, err := h.store.Get(t.Context(), runs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var rec engine.Record
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatal(err)
	}
	items := rec.Steps[1].Items
	if len(items) != 3 {
		t.Fatalf("items = %+v, want a-fast, b-fast and the interrupted c-slow", items)
	}
	for i, want := range []string{"a-fast", "b-fast"} {
		if items[i].Item != want || items[i].Status != actions.Succeeded {
			t.Errorf("item %d = %v %s, want %s Succeeded", i, items[i].Item, items[i].Status, want)
		}
	}
	if rec.Steps[1].Status != engine.Canceled {
		t.Errorf("step status = %s, want Canceled", rec.Steps[1].Status)
	}
	checkMetricsAfterStop(t, h)
}

// checkMetricsAfterStop checks the counts through the collectors, because
// the HTTP endpoints are closed once Wait returns.
func checkMetricsAfterStop(t *testing.T, h *harness) {
	t.Helper()
	m := h.srv.metrics
	got := m.runs.WithLabelValues("loop-every-minute", string(engine.Canceled))
	if v := counterValue(t, got); v != 1 {
		t.Errorf("canceled runs counter = %v, want 1", v)
	}
}

func TestServeHTTPEndpoints(t *testing.T) {
	fake := newSlowS3(t, "", "alpha")
	h := startHarness(t, writeFolder(t, map[string]string{"list.yaml": listEveryMinute}), fake.newRunner)
	h.tick(t, 1, time.Minute)
	runs := h.waitForEntries(t, history.KindRun, 1)
	base := "http://" + h.srv.Addr()

	status, body := httpGet(t, base+"/healthz")
	if status != http.StatusOK || !strings.Contains(body, `"ok"`) {
		t.Errorf("/healthz = %d %s", status, body)
	}
	status, body = httpGet(t, base+"/runs?limit=5")
	var listed []history.Entry
	if err := json.Unmarshal([]byte(body), &listed); err != nil || status != http.StatusOK {
		t.Fatalf("/runs = %d %s (%v)", status, body, err)
	}
	if len(listed) != 1 || listed[0].ID != runs[0].ID {
		t.Errorf("/runs = %+v, want run %s", listed, runs[0].ID)
	}
	status, body = httpGet(t, base+"/runs/"+runs[0].ID)
	if status != http.StatusOK || !strings.Contains(body, `"run_id":"`+runs[0].ID+`"`) {
		t.Errorf("/runs/ID = %d %s", status, body)
	}
	for path, want := range map[string]int{
		"/runs/nope": http.StatusNotFound, "/runs?limit=0": http.StatusBadRequest,
		"/runs?limit=x": http.StatusBadRequest, "/runs?kind=other": http.StatusBadRequest,
	} {
		if status, body := httpGet(t, base+path); status != want {
			t.Errorf("%s = %d %s, want %d", path, status, body, want)
		}
	}
	metrics := scrapeMetrics(t, h.srv.Addr())
	calls := `s3play_api_calls_total{action="s3.list_buckets",playbook="list-every-minute",step="buckets"}`
	if metrics[calls] != 1 {
		t.Errorf("%s = %v, want 1", calls, metrics[calls])
	}
	steps := `s3play_step_duration_seconds_count{action="s3.list_buckets",playbook="list-every-minute",step="buckets"}`
	if metrics[steps] != 1 {
		t.Errorf("%s = %v, want 1", steps, metrics[steps])
	}
}

func TestServeHistoryWriteFailureLogged(t *testing.T) {
	fake := newSlowS3(t, "", "alpha")
	h := startHarness(t, writeFolder(t, map[string]string{"list.yaml": listEveryMinute}), fake.newRunner)
	_ = h.store.Close()

	h.tick(t, 1, time.Minute)
	h.clock.awaitWaiters(t, 1)
	deadline := time.Now().Add(testTimeout)
	for !strings.Contains(h.logs.String(), "history write failed") {
		if time.Now().After(deadline) {
			t.Fatalf("no history error logged:\n%s", h.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if v := counterValue(t, h.srv.metrics.historyErrors); v != 1 {
		t.Errorf("history write errors = %v, want 1", v)
	}
}

func TestServeKeepHistoryPrunes(t *testing.T) {
	fake := newSlowS3(t, "", "alpha")
	started := time.Now().Add(-40 * 24 * time.Hour)
	seedOld := func(cfg *Config, store *history.Store) {
		cfg.KeepHistory = 30 * 24 * time.Hour
		for id, command := range map[string]string{"old-serve-run": history.CommandServe,
			"old-manual-run": history.CommandRun} {
			rec := &engine.Record{RunID: id, Playbook: "list-every-minute",
				Status: actions.Succeeded, Started: started, Finished: started}
			if err := store.SaveRun(t.Context(), command, rec); err != nil {
				t.Fatal(err)
			}
		}
		other := &engine.Record{RunID: "old-other-playbook", Playbook: "retired",
			Status: actions.Succeeded, Started: started, Finished: started}
		if err := store.SaveRun(t.Context(), history.CommandServe, other); err != nil {
			t.Fatal(err)
		}
		skip := history.Skip{Playbook: "list-every-minute", Scheduled: started,
			RunningSince: started.Add(-time.Minute)}
		if _, err := store.SaveSkip(t.Context(), skip); err != nil {
			t.Fatal(err)
		}
	}
	h := startHarness(t, writeFolder(t, map[string]string{"list.yaml": listEveryMinute}),
		fake.newRunner, seedOld)

	h.tick(t, 1, time.Minute)
	deadline := time.Now().Add(testTimeout)
	for !strings.Contains(h.logs.String(), "history pruned") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	entries := h.entries(t, history.Filter{})
	if len(entries) != 2 {
		t.Fatalf("history = %+v, want the new run and the manual run", entries)
	}
	if entries[0].Command != history.CommandServe || entries[0].Started.Before(started.Add(time.Hour)) {
		t.Errorf("newest entry = %+v, want the new scheduled run", entries[0])
	}
	if entries[1].ID != "old-manual-run" {
		t.Errorf("oldest entry = %+v, want old-manual-run, which serve must not prune", entries[1])
	}

	line := logLine(t, h.logs.String(), "history pruned")
	if line["deleted"] != float64(3) {
		t.Errorf("deleted = %v, want 3: the old scheduled runs of two playbooks and a skip",
			line["deleted"])
	}
	if line["keep-history"] != "720h0m0s" {
		t.Errorf("keep-history = %v, want 720h0m0s", line["keep-history"])
	}
	if _, ok := line["playbook"]; ok {
		t.Errorf("history pruned carries a playbook, but it deleted entries of several: %v", line)
	}
}

// logLine returns the first JSON log line with the message msg.
func logLine(t *testing.T, logs, msg string) map[string]any {
	t.Helper()
	for text := range strings.Lines(logs) {
		var line map[string]any
		if err := json.Unmarshal([]byte(text), &line); err != nil {
			t.Fatalf("log line %q is not JSON: %v", text, err)
		}
		if line["msg"] == msg {
			return line
		}
	}
	t.Fatalf("no log line %q in:\n%s", msg, logs)
	return nil
}
