package actions

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

const s3XMLNamespace = "http://s3.amazonaws.com/doc/2006-03-01/"

// fakePublicAccess serves GET and PUT /BUCKET?publicAccessBlock in the S3
// XML protocol for one bucket. It stores the last configuration put and
// returns NoSuchPublicAccessBlockConfiguration before the first. When denied
// is set, every request gets 403 AccessDenied.
type fakePublicAccess struct {
	mu     sync.Mutex
	stored *publicAccessXML
	denied bool
	puts   []publicAccessXML
}

// publicAccessXML is the PublicAccessBlockConfiguration document.
type publicAccessXML struct {
	XMLName               xml.Name `xml:"PublicAccessBlockConfiguration"`
	BlockPublicAcls       bool
	IgnorePublicAcls      bool
	BlockPublicPolicy     bool
	RestrictPublicBuckets bool
}

func (f *fakePublicAccess) start(t *testing.T) *httptest.Server {
	fakeCredentials(t)
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	return srv
}

func (f *fakePublicAccess) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	bucket := strings.Trim(r.URL.Path, "/")
	switch {
	case !r.URL.Query().Has("publicAccessBlock"):
		writeFakeError(w, http.StatusNotImplemented, "NotImplemented", "only publicAccessBlock", bucket)
	case f.denied:
		writeFakeError(w, http.StatusForbidden, "AccessDenied", "Access Denied", bucket)
	case r.Method == http.MethodPut:
		f.put(w, r, bucket)
	case f.stored == nil:
		writeFakeError(w, http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration",
			"The public access block configuration was not found", bucket)
	default:
		body, _ := xml.Marshal(f.stored)
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, xml.Header+strings.Replace(string(body),
			"<PublicAccessBlockConfiguration>",
			`<PublicAccessBlockConfiguration xmlns="`+s3XMLNamespace+`">`, 1))
	}
}

func (f *fakePublicAccess) put(w http.ResponseWriter, r *http.Request, bucket string) {
	var doc publicAccessXML
	body, _ := io.ReadAll(r.Body)
	if err := xml.Unmarshal(body, &doc); err != nil || doc.XMLName.Space != s3XMLNamespace {
		writeFakeError(w, http.StatusBadRequest, "MalformedXML", fmt.Sprintf("body %s", body), bucket)
		return
	}
	f.puts = append(f.puts, doc)
	f.stored = &doc
	w.WriteHeader(http.StatusOK)
}

func writeFakeError(w http.ResponseWriter, status int, code, message, bucket string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "%s<Error><Code>%s</Code><Message>%s</Message><BucketName>%s</BucketName>"+
		"<RequestId>FAKE0001</RequestId><HostId>fake-host</HostId></Error>",
		xml.Header, code, message, bucket)
}

func (f *fakePublicAccess) putCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.puts)
}

func (f *fakePublicAccess) firstPut() publicAccessXML {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.puts[0]
}

func publicAccessCall(srv *httptest.Server, params Params) *Call {
	return &Call{Params: params, Conn: NewConnector(), Settings: Settings{EndpointURL: srv.URL}}
}

func allBlocked(bucket string) Params {
	return Params{"bucket": bucket, "block_public_acls": true, "ignore_public_acls": true,
		"block_public_policy": true, "restrict_public_buckets": true}
}

func TestGetPublicAccessBlockConfigured(t *testing.T) {
	fake := &fakePublicAccess{stored: &publicAccessXML{BlockPublicAcls: true, BlockPublicPolicy: true}}
	srv := fake.start(t)

	res, err := runAction(t, publicAccessCall(srv, Params{"bucket": "pab-bucket"}),
		"s3.get_bucket_public_access_block")
	if err != nil {
		t.Fatalf("get failed: %v", err)
	}
	out := res.Output.(map[string]any)
	if out["Configured"] != true {
		t.Errorf("Configured = %v, want true", out["Configured"])
	}
	want := map[string]any{"BlockPublicAcls": true, "IgnorePublicAcls": false,
		"BlockPublicPolicy": true, "RestrictPublicBuckets": false}
	got, _ := out["PublicAccessBlockConfiguration"].(map[string]any)
	for name, value := range want {
		if got[name] != value {
			t.Errorf("%s = %v, want %v", name, got[name], value)
		}
	}
}

func TestGetPublicAccessBlockNotConfigured(t *testing.T) {
	srv := (&fakePublicAccess{}).start(t)

	res, err := runAction(t, publicAccessCall(srv, Params{"bucket": "pab-bucket"}),
		"s3.get_bucket_public_access_block")
	if err != nil {
		t.Fatalf("get failed: %v", err)
	}
	if res.Outcome() != Succeeded {
		t.Errorf("status = %s, want Succeeded", res.Outcome())
	}
	out := res.Output.(map[string]any)
	if out["Configured"] != false {
		t.Errorf("Configured = %v, want false", out["Configured"])
	}
	if out["PublicAccessBlockConfiguration"] != nil {
		t.Errorf("PublicAccessBlockConfiguration = %v, want null", out["PublicAccessBlockConfiguration"])
	}
}

func TestGetPublicAccessBlockDenied(t *testing.T) {
	srv := (&fakePublicAccess{denied: true}).start(t)

	res, err := runAction(t, publicAccessCall(srv, Params{"bucket": "pab-bucket"}),
		"s3.get_bucket_public_access_block")
	if err == nil {
		t.Fatalf("get succeeded with output %v, want a failure", res.Output)
	}
	f := NewFailure("", "", err)
	if f.Indicator != "Get Bucket Public Access Block failed for pab-bucket." {
		t.Errorf("indicator = %q", f.Indicator)
	}
	if f.StatusCode != "403" {
		t.Errorf("status code = %s, want 403", f.StatusCode)
	}
	if f.Code != "AccessDenied" {
		t.Errorf("code = %s, want AccessDenied", f.Code)
	}
	if !strings.Contains(f.Message, "is unknown, not absent") {
		t.Errorf("message = %q, want it to say the state is unknown", f.Message)
	}
}

func TestPutPublicAccessBlockNew(t *testing.T) {
	fake := &fakePublicAccess{}
	srv := fake.start(t)

	res, err := runAction(t, publicAccessCall(srv, allBlocked("pab-bucket")),
		"s3.put_bucket_public_access_block")
	if err != nil {
		t.Fatalf("put failed: %v", err)
	}
	out := res.Output.(map[string]any)
	if out["Changed"] != true {
		t.Errorf("Changed = %v, want true", out["Changed"])
	}
	if out["Before"] != nil {
		t.Errorf("Before = %v, want null", out["Before"])
	}
	if fake.putCount() != 1 {
		t.Fatalf("PUT requests = %d, want 1", fake.putCount())
	}
	sent := fake.firstPut()
	if !sent.BlockPublicAcls || !sent.IgnorePublicAcls || !sent.BlockPublicPolicy ||
		!sent.RestrictPublicBuckets {
		t.Errorf("sent configuration = %+v, want all four true", sent)
	}
}

func TestPutPublicAccessBlockUnchanged(t *testing.T) {
	fake := &fakePublicAccess{stored: &publicAccessXML{BlockPublicAcls: true,
		IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}}
	srv := fake.start(t)

	res, err := runAction(t, publicAccessCall(srv, allBlocked("pab-bucket")),
		"s3.put_bucket_public_access_block")
	if err != nil {
		t.Fatalf("put failed: %v", err)
	}
	if res.Outcome() != Skipped {
		t.Errorf("status = %s, want Skipped", res.Outcome())
	}
	if !strings.Contains(res.Reason, "nothing to change") {
		t.Errorf("reason = %q, want it to say nothing changes", res.Reason)
	}
	if res.Output.(map[string]any)["Changed"] != false {
		t.Errorf("Changed = %v, want false", res.Output.(map[string]any)["Changed"])
	}
	if fake.putCount() != 0 {
		t.Errorf("PUT requests = %d, want 0", fake.putCount())
	}
}

func TestPutPublicAccessBlockChanged(t *testing.T) {
	fake := &fakePublicAccess{stored: &publicAccessXML{BlockPublicAcls: true}}
	srv := fake.start(t)

	res, err := runAction(t, publicAccessCall(srv, allBlocked("pab-bucket")),
		"s3.put_bucket_public_access_block")
	if err != nil {
		t.Fatalf("put failed: %v", err)
	}
	out := res.Output.(map[string]any)
	before, _ := out["Before"].(map[string]any)
	if before["BlockPublicAcls"] != true || before["RestrictPublicBuckets"] != false {
		t.Errorf("Before = %v, want the stored configuration", out["Before"])
	}
	after, _ := out["After"].(map[string]any)
	if after["RestrictPublicBuckets"] != true {
		t.Errorf("After = %v, want all four true", out["After"])
	}
	if fake.putCount() != 1 {
		t.Errorf("PUT requests = %d, want 1", fake.putCount())
	}
}

func TestPutPublicAccessBlockDeniedRead(t *testing.T) {
	fake := &fakePublicAccess{denied: true}
	srv := fake.start(t)

	_, err := runAction(t, publicAccessCall(srv, allBlocked("pab-bucket")),
		"s3.put_bucket_public_access_block")
	if err == nil {
		t.Fatal("put succeeded although the read was denied")
	}
	f := NewFailure("", "", err)
	if f.Indicator != "Put Bucket Public Access Block failed for pab-bucket." {
		t.Errorf("indicator = %q, want the put's", f.Indicator)
	}
	if f.StatusCode != "403" {
		t.Errorf("status code = %s, want 403", f.StatusCode)
	}
	if fake.putCount() != 0 {
		t.Errorf("PUT requests = %d, want 0 after a failed read", fake.putCount())
	}
}

func TestPublicAccessBlockServerNotImplemented(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-pab-")
	for _, name := range []string{"s3.get_bucket_public_access_block",
		"s3.put_bucket_public_access_block"} {
		call.Params = allBlocked(bucket)
		_, err := runAction(t, call, name)
		if err == nil {
			t.Errorf("%s succeeded on versitygw, which does not implement it", name)
			continue
		}
		f := NewFailure("", "", err)
		if f.StatusCode != "501" {
			t.Errorf("%s: status code = %s, want 501", name, f.StatusCode)
		}
		if f.Code != "NotImplemented" {
			t.Errorf("%s: code = %s, want NotImplemented", name, f.Code)
		}
		if !strings.Contains(f.Message, "does not support public access block configurations") {
			t.Errorf("%s: message = %q, want a hint", name, f.Message)
		}
	}
}
