package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/s3play/s3play/history"
)

// maxRunsLimit caps ?limit= of /runs.
const maxRunsLimit = 1000

// CheckListen rejects a listen address whose host is not a loopback IP
// address or "localhost". The endpoints have no authentication, so they
// must not be reachable from other machines.
func CheckListen(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("invalid --listen %q: use HOST:PORT, such as 127.0.0.1:9310", addr)
	}
	// A port out of range or a service name would fail only at listen
	// time, after the playbooks have loaded.
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", fmt.Errorf("invalid --listen %q: the port must be a number from 0 to 65535, "+
			"such as 127.0.0.1:9310", addr)
	}
	if host == "localhost" {
		// A hosts file could map localhost elsewhere, so it is not resolved.
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("invalid --listen %q: serve listens only on a loopback address "+
			"(127.0.0.1, ::1 or localhost) because its HTTP endpoints have no authentication; "+
			"to reach them from elsewhere, put an authenticating proxy in front", addr)
	}
	return net.JoinHostPort(host, port), nil
}

func (s *Server) listen(ctx context.Context) error {
	addr, err := CheckListen(s.cfg.Listen)
	if err != nil {
		return err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.addr = ln.Addr().String()
	s.http = &http.Server{Handler: s.handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		err := s.http.Serve(ln)
		if !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("HTTP endpoints stopped", keyListen, s.addr, keyError, err.Error())
		}
		s.httpErr <- err
	}()
	return nil
}

func (s *Server) shutdownHTTP() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.http.Shutdown(ctx); err != nil {
		s.log.Warn("HTTP endpoints did not stop cleanly", keyError, err.Error())
	}
	<-s.httpErr
}

func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.serveHealth)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /runs", s.serveRuns)
	mux.HandleFunc("GET /runs/{id}", s.serveRun)
	return mux
}

func (s *Server) serveHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok",
		"playbooks": len(s.cfg.Folder.Jobs)})
}

// serveRuns lists recent history entries, newest first. Query parameters:
// playbook, kind (run or skip) and limit (1 to 1000, default 20).
func (s *Server) serveRuns(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := history.Filter{Playbook: q.Get("playbook"), Kind: q.Get("kind")}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxRunsLimit {
			writeError(w, http.StatusBadRequest,
				fmt.Sprintf("invalid limit %q: use 1 to %d", v, maxRunsLimit))
			return
		}
		f.Limit = n
	}
	if f.Kind != "" && f.Kind != history.KindRun && f.Kind != history.KindSkip {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("invalid kind %q: use run or skip", f.Kind))
		return
	}
	entries, err := s.cfg.Store.List(r.Context(), f)
	if err != nil {
		s.log.Error("history read failed", keyError, err.Error())
		writeError(w, http.StatusInternalServerError, "history read failed")
		return
	}
	writeJSON(w, http.StatusOK, entries)
}

// serveRun returns one entry's stored record.
func (s *Server) serveRun(w http.ResponseWriter, r *http.Request) {
	_, record, err := s.cfg.Store.Get(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, history.ErrNotFound):
		writeError(w, http.StatusNotFound, "run "+r.PathValue("id")+" not found")
	case err != nil:
		s.log.Error("history read failed", keyError, err.Error())
		writeError(w, http.StatusInternalServerError, "history read failed")
	default:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(append(record, '\n'))
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{"error": message})
}
