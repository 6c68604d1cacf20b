package serve

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/internal/fakeaws"
)

// testSecret is the secret key the fake's clients sign with; no log line
// or record may contain it.
const testSecret = "serve-test-secret-0123456789"

// slowS3 returns a fixed list for ListBuckets and an empty bucket for
// ListObjectsV2. A listing of the bucket named block waits until release
// is closed or the client gives up, so a test can hold a run in a step.
type slowS3 struct {
	URL     string
	buckets []string
	block   string
	entered chan string   // receives the bucket of each blocked listing
	release chan struct{} // closed to let blocked listings reply

	mu          sync.Mutex
	inFlight    int
	maxInFlight int
	listings    int
}

func newSlowS3(t *testing.T, block string, buckets ...string) *slowS3 {
	t.Helper()
	fakeaws.Isolate(t)
	f := &slowS3{buckets: buckets, block: block, entered: make(chan string, 16),
		release: make(chan struct{})}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

func (f *slowS3) serve(w http.ResponseWriter, r *http.Request) {
	f.enter()
	defer f.leave()
	w.Header().Set("Content-Type", "application/xml")
	bucket := strings.Trim(r.URL.Path, "/")
	if bucket == "" {
		var b strings.Builder
		for _, name := range f.buckets {
			b.WriteString("<Bucket><Name>" + name + "</Name>" +
				"<CreationDate>2024-01-02T03:04:05Z</CreationDate></Bucket>")
		}
		_, _ = io.WriteString(w, "<ListAllMyBucketsResult><Buckets>"+b.String()+
			"</Buckets></ListAllMyBucketsResult>")
		return
	}
	if bucket == f.block {
		f.entered <- bucket
		select {
		case <-f.release:
		case <-r.Context().Done():
			return
		}
	}
	_, _ = io.WriteString(w, "<ListBucketResult><Name>"+bucket+"</Name><KeyCount>0</KeyCount>"+
		"<IsTruncated>false</IsTruncated></ListBucketResult>")
}

func (f *slowS3) enter() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inFlight++
	f.listings++
	f.maxInFlight = max(f.maxInFlight, f.inFlight)
}

func (f *slowS3) leave() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inFlight--
}

func (f *slowS3) peak() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxInFlight
}

// newRunner returns runners that sign requests to the fake with static
// test credentials.
func (f *slowS3) newRunner() *engine.Runner {
	conn := actions.NewConnector()
	conn.Credentials = credentials.NewStaticCredentialsProvider("AKIDSERVETEST", testSecret, "")
	return &engine.Runner{Conn: conn,
		Env: actions.Settings{EndpointURL: f.URL, Region: "us-east-1"}}
}
