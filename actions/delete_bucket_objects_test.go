package actions

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

const deleteTitle = "Delete Bucket Objects"

// progressCounter records the counts reported through Call.AddProgress.
type progressCounter struct {
	mu     sync.Mutex
	counts map[string]int64
}

func (p *progressCounter) Add(what string, n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.counts[what] += n
}

func fakeCall(allVersions bool) (*Call, *progressCounter) {
	progress := &progressCounter{counts: map[string]int64{}}
	return &Call{Params: Params{"all_versions": allVersions}, Progress: progress}, progress
}

func runDelete(t *testing.T, f *fakeS3, allVersions bool, keys ...string) (*Result, error) {
	t.Helper()
	call, _ := fakeCall(allVersions)
	return deleteObjects(context.Background(), f.client(t), call, deleteTitle, "b", keys)
}

func outputNumber(t *testing.T, res *Result, field string) int {
	t.Helper()
	n, ok := res.Output.(map[string]any)[field].(float64)
	if !ok {
		t.Fatalf("output field %s is %T, want float64", field, res.Output.(map[string]any)[field])
	}
	return int(n)
}

func shortRetryDelay(t *testing.T) {
	old := keyRetryDelay
	keyRetryDelay = time.Millisecond
	t.Cleanup(func() { keyRetryDelay = old })
}

func TestDeleteAllBatchLimit(t *testing.T) {
	f := newFakeS3(fakeKeys("k/", 2500)...)
	call, progress := fakeCall(false)
	res, err := deleteObjects(context.Background(), f.client(t), call, deleteTitle, "b",
		[]string{"*"})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.deletes) != 3 {
		t.Fatalf("DeleteObjects requests = %d, want 3", len(f.deletes))
	}
	total := 0
	for i, ids := range f.deletes {
		if len(ids) > maxBatch {
			t.Errorf("request %d carries %d identifiers, over %d", i, len(ids), maxBatch)
		}
		total += len(ids)
	}
	if total != 2500 {
		t.Errorf("identifiers sent = %d, want 2500", total)
	}
	if res.Outcome() != Succeeded {
		t.Errorf("status = %s, want Succeeded", res.Outcome())
	}
	if got := outputNumber(t, res, "ObjectsDeleted"); got != 2500 {
		t.Errorf("ObjectsDeleted = %d, want 2500", got)
	}
	if got := progress.counts["objects deleted"]; got != 2500 {
		t.Errorf("progress = %d, want 2500", got)
	}
	if f.count() != 0 {
		t.Errorf("%d entries left", f.count())
	}
}

func TestDeleteKeysBatchLimit(t *testing.T) {
	entries := fakeKeys("k/", 2500)
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = e.key
	}
	f := newFakeS3(entries...)
	res, err := runDelete(t, f, false, keys...)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.deletes) != 3 {
		t.Fatalf("DeleteObjects requests = %d, want 3", len(f.deletes))
	}
	if len(res.Items) != 2500 {
		t.Fatalf("items = %d, want 2500", len(res.Items))
	}
	if res.Outcome() != Succeeded {
		t.Errorf("status = %s, want Succeeded", res.Outcome())
	}
}

func TestDeleteAllAccessDeniedKey(t *testing.T) {
	f := newFakeS3(fakeKeys("k/", 2500)...)
	f.keyError = errorFor("k/00042", "AccessDenied", -1)
	res, err := runDelete(t, f, false, "*")
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome() != PartiallySucceeded {
		t.Errorf("status = %s, want PartiallySucceeded", res.Outcome())
	}
	if res.Error == nil {
		t.Fatal("no error reported for the denied key")
	}
	if !strings.Contains(res.Error.Indicator, "k/00042") {
		t.Errorf("indicator %q does not name the key", res.Error.Indicator)
	}
	if res.Error.StatusCode != "403" {
		t.Errorf("status code = %s, want 403", res.Error.StatusCode)
	}
	errs := res.Output.(map[string]any)["Errors"].([]any)
	if len(errs) != 1 || errs[0].(map[string]any)["Key"] != "k/00042" {
		t.Errorf("Errors = %v, want one entry for k/00042", errs)
	}
	if f.count() != 1 {
		t.Errorf("%d entries left, want only the denied key", f.count())
	}
}

func TestDeleteKeysAccessDeniedItem(t *testing.T) {
	f := newFakeS3(fakeKeys("k/", 3)...)
	f.keyError = errorFor("k/00001", "AccessDenied", -1)
	res, err := runDelete(t, f, false, "k/00000", "k/00001", "k/00002")
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome() != PartiallySucceeded {
		t.Errorf("status = %s, want PartiallySucceeded", res.Outcome())
	}
	denied := res.Items[1]
	if denied.Status != Failed || denied.Error == nil {
		t.Fatalf("item for k/00001 = %+v, want Failed with an error", denied)
	}
	want := "An error occurred (AccessDenied) when calling the DeleteObjects operation:"
	if !strings.HasPrefix(denied.Error.Message, want) {
		t.Errorf("message = %q, want prefix %q", denied.Error.Message, want)
	}
	if res.Items[0].Status != Succeeded || res.Items[2].Status != Succeeded {
		t.Errorf("other items = %s, %s, want Succeeded", res.Items[0].Status, res.Items[2].Status)
	}
}

func TestDeleteSlowDownRetriedAlone(t *testing.T) {
	shortRetryDelay(t)
	f := newFakeS3(fakeKeys("k/", 10)...)
	f.keyError = errorFor("k/00003", "SlowDown", 2)
	res, err := runDelete(t, f, false, "*")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.deletes) != 3 {
		t.Fatalf("DeleteObjects requests = %d, want 3", len(f.deletes))
	}
	for _, ids := range f.deletes[1:] {
		if len(ids) != 1 || aws.ToString(ids[0].Key) != "k/00003" {
			t.Errorf("resend carries %d identifiers, want only k/00003", len(ids))
		}
	}
	if res.Outcome() != Succeeded {
		t.Errorf("status = %s, want Succeeded", res.Outcome())
	}
	if got := outputNumber(t, res, "KeysRetried"); got != 2 {
		t.Errorf("KeysRetried = %d, want 2", got)
	}
}

func TestDeleteSlowDownGivesUp(t *testing.T) {
	shortRetryDelay(t)
	f := newFakeS3(fakeKeys("k/", 2)...)
	f.keyError = errorFor("k/00001", "SlowDown", -1)
	res, err := runDelete(t, f, false, "k/00000", "k/00001")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.deletes) != DefaultMaxAttempts {
		t.Errorf("DeleteObjects requests = %d, want %d", len(f.deletes), DefaultMaxAttempts)
	}
	item := res.Items[1]
	if item.Status != Failed || item.Error.Code != "SlowDown" || item.Error.StatusCode != "503" {
		t.Errorf("item = %+v, want Failed with SlowDown 503", item)
	}
}

// A 503 SlowDown for the whole DeleteObjects request is retried by the
// SDK's retryer, not by deleteBatch, which receives only the final reply.
func TestDeleteRequestSlowDownRetried(t *testing.T) {
	f := newFakeS3(fakeKeys("k/", 10)...)
	th := &throttle{operation: "DeleteObjects", limit: 2}
	client := serveS3(t, &s3Handler{api: f, reject: th.reject})
	stats := &Stats{}
	call, _ := fakeCall(false)
	res, err := deleteObjects(WithStats(context.Background(), stats), client, call,
		deleteTitle, "b", []string{"*"})
	if err != nil {
		t.Fatal(err)
	}

	if th.count() != 2 {
		t.Errorf("rejected requests = %d, want 2", th.count())
	}
	if len(f.deletes) != 1 {
		t.Errorf("DeleteObjects requests served = %d, want 1", len(f.deletes))
	}
	if got := stats.Retries(); got != 2 {
		t.Errorf("SDK retries = %d, want 2", got)
	}
	if res.Outcome() != Succeeded {
		t.Errorf("status = %s, want Succeeded", res.Outcome())
	}
	if got := outputNumber(t, res, "ObjectsDeleted"); got != 10 {
		t.Errorf("ObjectsDeleted = %d, want 10", got)
	}
	if f.count() != 0 {
		t.Errorf("%d entries left", f.count())
	}
}

func TestDeleteRequestSlowDownGivesUp(t *testing.T) {
	f := newFakeS3(fakeKeys("k/", 2)...)
	th := &throttle{operation: "DeleteObjects", limit: -1}
	client := serveS3(t, &s3Handler{api: f, reject: th.reject})
	call, _ := fakeCall(false)
	res, err := deleteObjects(context.Background(), client, call, deleteTitle, "b",
		[]string{"k/00000", "k/00001"})
	if err != nil {
		t.Fatal(err)
	}

	if th.count() != DefaultMaxAttempts {
		t.Errorf("rejected requests = %d, want %d attempts", th.count(), DefaultMaxAttempts)
	}
	if len(f.deletes) != 0 {
		t.Errorf("DeleteObjects requests served = %d, want 0", len(f.deletes))
	}
	if res.Outcome() != Failed {
		t.Errorf("status = %s, want Failed", res.Outcome())
	}

	want := "An error occurred (SlowDown) when calling the DeleteObjects operation:"
	for _, item := range res.Items {
		if item.Status != Failed || item.Error == nil {
			t.Errorf("item %s = %+v, want Failed with an error", item.Item, item)
			continue
		}
		if item.Error.StatusCode != "503" || item.Error.Code != "SlowDown" {
			t.Errorf("item %s error = %s %s, want 503 SlowDown", item.Item,
				item.Error.StatusCode, item.Error.Code)
		}
		if !strings.HasPrefix(item.Error.Message, want) {
			t.Errorf("item %s message = %q, want prefix %q", item.Item, item.Error.Message, want)
		}
	}
	if f.count() != 2 {
		t.Errorf("%d entries left, want 2", f.count())
	}
}

func TestDeleteAllVersionsKeys(t *testing.T) {
	f := newFakeS3(
		fakeEntry{key: "a", version: "1"}, fakeEntry{key: "a", version: "2", marker: true},
		fakeEntry{key: "a.txt", version: "1"}, fakeEntry{key: "b", version: "null"})
	res, err := runDelete(t, f, true, "a", "b", "a")
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome() != Succeeded {
		t.Fatalf("status = %s, want Succeeded", res.Outcome())
	}
	if len(res.Items) != 3 {
		t.Errorf("items = %d, want one per entry of keys", len(res.Items))
	}
	if got := outputNumber(t, res, "VersionsDeleted"); got != 2 {
		t.Errorf("VersionsDeleted = %d, want 2", got)
	}
	if got := outputNumber(t, res, "DeleteMarkersDeleted"); got != 1 {
		t.Errorf("DeleteMarkersDeleted = %d, want 1", got)
	}
	if f.count() != 1 || f.entries[0].key != "a.txt" {
		t.Errorf("left %v, want only a.txt, which shares the prefix", f.entries)
	}
}

func TestDeleteAllAbortsUploads(t *testing.T) {
	f := newFakeS3(fakeKeys("k/", 5)...)
	f.uploads = []types.MultipartUpload{
		{Key: aws.String("big.bin"), UploadId: aws.String("u1")},
		{Key: aws.String("big.bin"), UploadId: aws.String("u2")},
	}
	res, err := runDelete(t, f, true, "*")
	if err != nil {
		t.Fatal(err)
	}
	if got := outputNumber(t, res, "UploadsAborted"); got != 2 {
		t.Errorf("UploadsAborted = %d, want 2", got)
	}
	if f.count() != 0 {
		t.Errorf("%d entries left", f.count())
	}
}

func TestDeleteStarMixedRejected(t *testing.T) {
	call := &Call{Params: Params{"bucket": "b", "keys": []string{"*", "a"}}}
	res, err := deleteBucketObjects{}.Run(context.Background(), call)
	if res != nil {
		t.Errorf("result = %+v, want nil", res)
	}
	f, ok := err.(*Failure)
	if !ok || f.StatusCode != CodeValidation {
		t.Errorf("error = %v, want a validation failure", err)
	}
}

func TestDeleteAllListsAgain(t *testing.T) {
	f := newFakeS3(fakeKeys("k/", 1500)...)
	f.keepDeleted = 1
	res, err := runDelete(t, f, true, "*")
	if err != nil {
		t.Fatal(err)
	}
	if got := outputNumber(t, res, "Passes"); got != 2 {
		t.Errorf("Passes = %d, want 2", got)
	}
	if f.count() != 0 {
		t.Errorf("%d entries left", f.count())
	}
	if res.Outcome() != Succeeded {
		t.Errorf("status = %s, want Succeeded", res.Outcome())
	}
}

func TestDeleteAllNeverEmpties(t *testing.T) {
	f := newFakeS3(fakeKeys("k/", 3)...)
	f.keepDeleted = -1
	res, err := runDelete(t, f, true, "*")
	if err == nil {
		t.Fatal("no error for a bucket that never empties")
	}
	if !strings.Contains(err.Error(), "still lists 3 entries") {
		t.Errorf("error = %v, want the count of entries left", err)
	}
	if len(f.deletes) != maxPasses {
		t.Errorf("DeleteObjects requests = %d, want one per pass, %d", len(f.deletes), maxPasses)
	}
	if res == nil || res.Outcome() == Succeeded {
		t.Errorf("result = %+v, want a status other than Succeeded", res)
	}
}

func TestCheckObjectKeyUTF8(t *testing.T) {
	for _, key := range []string{"a.txt", "小狗.jpg", "tab\tand\u00e9"} {
		if err := checkObjectKey(key); err != nil {
			t.Errorf("%q: %v", key, err)
		}
	}
	for _, key := range []string{"\xff\xfe", "a\xffb.txt", "half \xe5\xb0"} {
		err := checkObjectKey(key)
		if err == nil {
			t.Errorf("%q: accepted", key)
			continue
		}
		if !strings.Contains(err.Error(), strconv.Quote(key)) {
			t.Errorf("%q: error %q does not name the key", key, err)
		}
		if !strings.Contains(err.Error(), "UTF-8") {
			t.Errorf("%q: error %q does not say that a key must be UTF-8", key, err)
		}
	}
}

func TestKeysParamRejectsInvalidUTF8(t *testing.T) {
	p := Param{Name: "keys", Type: TypeKeyList, Check: checkObjectKey}
	_, err := p.Convert([]any{"fine.txt", "a\xffb.txt"})
	if err == nil {
		t.Fatal("a key that is not valid UTF-8 was accepted")
	}
	if !strings.Contains(err.Error(), `"a\xffb.txt"`) {
		t.Errorf("error = %q, want the key quoted", err)
	}
}
