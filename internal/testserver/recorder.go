package testserver

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
)

// Recorder is a reverse proxy on 127.0.0.1 in front of the test server
// that records every request it forwards, so a test can check that no
// state-changing request was sent.
type Recorder struct {
	Endpoint string

	mu       sync.Mutex
	requests []string // "METHOD /path?query"
}

// Record starts a Recorder for the test. The proxy keeps the Host header
// the client signed, so SigV4 signatures stay valid.
func (s *Server) Record(t testing.TB) *Recorder {
	t.Helper()
	target, err := url.Parse(s.Endpoint)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvEndpoint, err)
	}
	rec := &Recorder{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.requests = append(rec.requests, r.Method+" "+r.URL.RequestURI())
		rec.mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	rec.Endpoint = srv.URL
	return rec
}

// Writes returns the recorded requests whose method is not GET or HEAD.
func (r *Recorder) Writes() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, req := range r.requests {
		if !isRead(req) {
			out = append(out, req)
		}
	}
	return out
}

// Count returns how many requests were recorded.
func (r *Recorder) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.requests)
}

func isRead(request string) bool {
	return len(request) > 4 && (request[:4] == "GET " || request[:5] == "HEAD ")
}
