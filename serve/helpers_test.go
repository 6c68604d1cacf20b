package serve

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/history"
)

// testTimeout bounds every wait in these tests. It only stops a hung
// test; no test asserts how fast anything is.
const testTimeout = 20 * time.Second

// clockStart is a whole second, so @every schedules fire exactly at
// clockStart plus multiples of their interval.
var clockStart = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func writeFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// syncBuffer is a log destination that tests read while the server writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// harness is a started server with its history, clock and logs.
type harness struct {
	srv    *Server
	store  *history.Store
	clock  *fakeClock
	logs   *syncBuffer
	cancel context.CancelFunc
}

func startHarness(t *testing.T, dir string, newRunner func() *engine.Runner,
	options ...func(*Config, *history.Store)) *harness {
	t.Helper()
	folder, err := LoadFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	store, err := history.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	h := &harness{store: store, clock: newFakeClock(clockStart), logs: &syncBuffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	cfg := Config{
		Folder: folder, Listen: "127.0.0.1:0", Store: store, NewRunner: newRunner,
		Log:   slog.New(slog.NewJSONHandler(h.logs, nil)),
		Clock: h.clock,
	}
	for _, option := range options {
		option(&cfg, store)
	}
	h.srv, err = Start(ctx, cfg)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = h.srv.Wait()
	})
	return h
}

// tick advances the clock by d once every schedule loop waits on it.
func (h *harness) tick(t *testing.T, loops int, d time.Duration) {
	t.Helper()
	h.clock.awaitWaiters(t, loops)
	h.clock.Advance(d)
}

func (h *harness) entries(t *testing.T, f history.Filter) []history.Entry {
	t.Helper()
	f.Limit = 1000
	entries, err := h.store.List(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// waitForEntries polls the history until it has n entries of the kind.
func (h *harness) waitForEntries(t *testing.T, kind string, n int) []history.Entry {
	t.Helper()
	deadline := time.Now().Add(testTimeout)
	for {
		entries := h.entries(t, history.Filter{Kind: kind})
		if len(entries) >= n {
			return entries
		}
		if time.Now().After(deadline) {
			t.Fatalf("history has %d %s entries, want %d; logs:\n%s", len(entries), kind, n,
				h.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// scrapeMetrics reads /metrics into "name{labels}" keys and values.
func scrapeMetrics(t *testing.T, addr string) map[string]float64 {
	t.Helper()
	status, body := httpGet(t, "http://"+addr+"/metrics")
	if status != http.StatusOK {
		t.Fatalf("/metrics status %d: %s", status, body)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

// countByStatus counts history entries by status.
func countByStatus(entries []history.Entry) map[string]int {
	out := map[string]int{}
	for _, e := range entries {
		out[e.Status]++
	}
	return out
}

func counterValue(t *testing.T, c prometheus.Collector) float64 {
	t.Helper()
	return testutil.ToFloat64(c)
}
