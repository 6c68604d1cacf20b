package actions

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func TestSideEffectActionsCanPlan(t *testing.T) {
	for _, name := range Names() {
		a, _ := Lookup(name)
		_, plans := a.(Planner)
		if a.Spec().HasSideEffects() && !plans {
			t.Errorf("%s has side effects but does not implement Planner, so a plan "+
				"could not preview it", name)
		}
	}
}

func TestDownloadCountsAsSideEffect(t *testing.T) {
	a, err := Lookup("s3.download_files")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Spec().HasSideEffects() {
		t.Error("s3.download_files writes local files but HasSideEffects is false")
	}
	if a.Spec().Mutates {
		t.Error("s3.download_files changes nothing in S3 but Mutates is true")
	}
}

// methodRecorder replies to every request with an empty 200 reply and
// records the HTTP method of each request that reached it.
type methodRecorder struct {
	mu      sync.Mutex
	methods []string
}

func (m *methodRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	m.methods = append(m.methods, r.Method)
	m.mu.Unlock()
	w.Header().Set("Content-Type", "application/xml")
	if r.Method == http.MethodGet {
		_, _ = w.Write([]byte(`<ListAllMyBucketsResult xmlns="` + s3Namespace + `">` +
			`<Buckets></Buckets></ListAllMyBucketsResult>`))
	}
}

func (m *methodRecorder) seen() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.methods...)
}

func TestReadOnlyGuardRejectsWrites(t *testing.T) {
	recorder := &methodRecorder{}
	client := serveS3(t, recorder)
	ctx := WithReadOnly(context.Background())

	writes := map[string]func() error{
		"DeleteBucket": func() error {
			_, err := client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("b")})
			return err
		},
		"CreateBucket": func() error {
			_, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("b")})
			return err
		},
		"PutBucketPolicy": func() error {
			_, err := client.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{
				Bucket: aws.String("b"), Policy: aws.String("{}")})
			return err
		},
	}
	for op, call := range writes {
		var readOnly *ReadOnlyError
		if err := call(); !errors.As(err, &readOnly) {
			t.Errorf("%s in a read-only context: error = %v, want a ReadOnlyError", op, err)
		} else if readOnly.Operation != op {
			t.Errorf("ReadOnlyError names operation %q, want %q", readOnly.Operation, op)
		}
	}
	if got := recorder.seen(); len(got) != 0 {
		t.Errorf("the server received %v, want no request", got)
	}
}

func TestReadOnlyGuardAllowsReads(t *testing.T) {
	recorder := &methodRecorder{}
	client := serveS3(t, recorder)

	_, err := client.ListBuckets(WithReadOnly(context.Background()), &s3.ListBucketsInput{})
	if err != nil {
		t.Fatalf("ListBuckets in a read-only context: %v", err)
	}
	_, err = client.DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String("b")})
	if err != nil {
		t.Fatalf("DeleteBucket outside a plan: %v", err)
	}
	got := recorder.seen()
	if len(got) != 2 || got[0] != http.MethodGet || got[1] != http.MethodDelete {
		t.Errorf("the server received %v, want [GET DELETE]", got)
	}
}
