package actions

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3play/s3play/internal/testserver"
)

// planAction calls a registered action's Plan the way the engine does in a
// plan: with a read-only context, so any write request fails the test.
func planAction(t *testing.T, call *Call, name string) (*Result, error) {
	t.Helper()
	a, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return a.(Planner).Plan(WithReadOnly(context.Background()), call)
}

// seedPlanBucket fills a versioned bucket with 3 keys of 3 versions each,
// delete markers on two of them and one incomplete multipart upload.
func seedPlanBucket(t *testing.T, srv *testserver.Server) string {
	t.Helper()
	bucket := srv.Bucket(t, "plan-ver-")
	srv.EnableVersioning(t, bucket)
	for range 3 {
		srv.Put(t, bucket, "one.txt", "two.txt", "three.txt")
	}
	srv.DeleteMarker(t, bucket, "one.txt")
	srv.DeleteMarker(t, bucket, "two.txt")
	srv.StartUpload(t, bucket, "big.bin")
	return bucket
}

// bodyBytes is the size of the objects testserver.Put writes for keys.
func bodyBytes(keys ...string) int64 {
	var n int64
	for _, k := range keys {
		n += int64(len("body of " + k))
	}
	return n
}

func TestPlanEmptyVersionedBucketCounts(t *testing.T) {
	call, srv := serverCall(t, Params{"keys": []string{AllKeys}, "all_versions": true})
	bucket := seedPlanBucket(t, srv)
	call.Params["bucket"] = bucket
	call.Plan = NewPlanState()
	// Pages of 2 entries put many entries on page boundaries, where
	// versitygw repeats them.
	withPageSize(t, 2)

	res, err := planAction(t, call, "s3.delete_bucket_objects")
	if err != nil {
		t.Fatal(err)
	}
	versions, markers := srv.CountVersions(t, bucket)
	if len(res.Changes) != 1 {
		t.Fatalf("changes = %+v, want one", res.Changes)
	}
	got := *res.Changes[0].Counts
	want := ObjectCounts{Versions: int64(versions), DeleteMarkers: int64(markers), Uploads: 1,
		Bytes: 3 * bodyBytes("one.txt", "two.txt", "three.txt")}
	if got != want {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
	if versions != 9 || markers != 2 {
		t.Errorf("the listing shows %d versions and %d delete markers, want 9 and 2",
			versions, markers)
	}
	if v, m := srv.CountVersions(t, bucket); v != 9 || m != 2 {
		t.Errorf("after the plan: %d versions and %d delete markers, want 9 and 2", v, m)
	}
	if n := uploadCount(t, srv.Client(), bucket); n != 1 {
		t.Errorf("after the plan: %d uploads, want 1", n)
	}
	if out := res.Output.(map[string]any); out["VersionsDeleted"] != float64(9) {
		t.Errorf("predicted VersionsDeleted = %v, want 9", out["VersionsDeleted"])
	}
	if fate, _ := call.Plan.bucketFate(bucket); !fate.emptied {
		t.Error("the plan state does not record the bucket as emptied")
	}
}

func TestPlanEmptyBucketDeduplicatesPages(t *testing.T) {
	call, srv := serverCall(t, Params{"keys": []string{AllKeys}})
	bucket := srv.Bucket(t, "plan-many-")
	srv.Put(t, bucket, testserver.Keys("k/", 2500)...)
	call.Params["bucket"] = bucket
	call.Plan = NewPlanState()

	for _, allVersions := range []bool{false, true} {
		call.Params["all_versions"] = allVersions
		res, err := planAction(t, call, "s3.delete_bucket_objects")
		if err != nil {
			t.Fatal(err)
		}
		counts := *res.Changes[0].Counts
		if counts.Entries() != 2500 {
			t.Errorf("all_versions %v: counts = %+v, want 2,500 entries", allVersions, counts)
		}
		if len(res.Changes[0].SampleKeys) != sampleSize {
			t.Errorf("sample keys = %v, want %d", res.Changes[0].SampleKeys, sampleSize)
		}
	}
	if v, _ := srv.CountVersions(t, bucket); v != 2500 {
		t.Errorf("after the plan the bucket has %d objects, want 2,500", v)
	}
	if fate, _ := call.Plan.bucketFate(bucket); !fate.emptied {
		t.Error("an unversioned bucket emptied without all_versions is not recorded as emptied")
	}
}

func TestPlanCurrentObjectsOfVersionedBucket(t *testing.T) {
	call, srv := serverCall(t, Params{"keys": []string{AllKeys}, "all_versions": false})
	bucket := seedPlanBucket(t, srv)
	call.Params["bucket"] = bucket
	call.Plan = NewPlanState()

	res, err := planAction(t, call, "s3.delete_bucket_objects")
	if err != nil {
		t.Fatal(err)
	}
	change := res.Changes[0]
	if change.Counts.Objects != 1 || change.Counts.Versions != 0 {
		t.Errorf("counts = %+v, want the 1 current object (three.txt)", *change.Counts)
	}
	if !strings.Contains(change.Note, "versioned") {
		t.Errorf("note = %q, want a warning that versions stay", change.Note)
	}

	deleted, err := planAction(t, &Call{Params: Params{"bucket_names": []string{bucket}},
		Settings: call.Settings, Conn: call.Conn, Plan: call.Plan}, "s3.delete_buckets")
	if err != nil {
		t.Fatal(err)
	}
	item := deleted.Items[0]
	if item.Status != Failed || item.Error.Code != "BucketNotEmpty" {
		t.Errorf("delete_buckets item = %s %+v, want a predicted BucketNotEmpty", item.Status,
			item.Error)
	}
}

func TestPlanDeleteBucketsChecksEmptiness(t *testing.T) {
	call, srv := serverCall(t, Params{})
	emptied := srv.Bucket(t, "plan-emptied-")
	srv.Put(t, emptied, "x")
	full := srv.Bucket(t, "plan-full-")
	srv.Put(t, full, "y")
	empty := srv.Bucket(t, "plan-empty-")
	missing := testserver.UniqueName("plan-missing-")
	call.Plan = NewPlanState()
	call.Plan.NoteEmptied(emptied)
	call.Params["bucket_names"] = []string{emptied, full, empty, missing}

	res, err := planAction(t, call, "s3.delete_buckets")
	if err != nil {
		t.Fatal(err)
	}
	want := []Status{Succeeded, Failed, Succeeded, Failed}
	for i, it := range res.Items {
		if it.Status != want[i] {
			t.Errorf("item %v: status %s, want %s (error %v)", it.Item, it.Status, want[i], it.Error)
		}
	}
	if f := res.Items[1].Error; f == nil || f.Code != "BucketNotEmpty" || f.StatusCode != "409" {
		t.Errorf("full bucket error = %+v, want BucketNotEmpty 409", f)
	}
	if f := res.Items[3].Error; f == nil || f.StatusCode != "404" {
		t.Errorf("missing bucket error = %+v, want 404", f)
	}
	if len(res.Changes) != 2 || res.Changes[0].Bucket != emptied || res.Changes[1].Bucket != empty {
		t.Errorf("changes = %+v, want deletes of %s and %s", res.Changes, emptied, empty)
	}
	for _, b := range []string{emptied, full, empty} {
		if !srv.BucketExists(t, b) {
			t.Errorf("the plan deleted bucket %s", b)
		}
	}
}

func TestPlanDeleteNamedKeys(t *testing.T) {
	call, srv := serverCall(t, Params{"keys": []string{"one.txt", "nope.txt"},
		"all_versions": true})
	bucket := seedPlanBucket(t, srv)
	srv.Put(t, bucket, "one.txt.bak")
	call.Params["bucket"] = bucket
	call.Plan = NewPlanState()

	res, err := planAction(t, call, "s3.delete_bucket_objects")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 1 || res.Changes[0].Key != "one.txt" {
		t.Fatalf("changes = %+v, want one for one.txt", res.Changes)
	}
	want := ObjectCounts{Versions: 3, DeleteMarkers: 1, Bytes: 3 * bodyBytes("one.txt")}
	if got := *res.Changes[0].Counts; got != want {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
	for i, it := range res.Items {
		if it.Status != Succeeded {
			t.Errorf("item %d (%v) = %s, want Succeeded", i, it.Item, it.Status)
		}
	}
	deleted := res.Items[0].Output.(map[string]any)["Deleted"].([]any)
	if len(deleted) != 4 {
		t.Errorf("predicted Deleted of one.txt = %v, want 4 entries", deleted)
	}
	if v, m := srv.CountVersions(t, bucket); v != 10 || m != 2 {
		t.Errorf("after the plan: %d versions and %d delete markers, want 10 and 2", v, m)
	}
}

func TestPlanDeleteKeysVersionedNote(t *testing.T) {
	call, srv := serverCall(t, Params{"keys": []string{"a.txt"}, "all_versions": false})
	versioned, plain := srv.Bucket(t, "plan-delver-"), srv.Bucket(t, "plan-delplain-")
	srv.EnableVersioning(t, versioned)
	srv.Put(t, versioned, "a.txt")
	srv.Put(t, plain, "a.txt")

	for bucket, wantNote := range map[string]bool{versioned: true, plain: false} {
		call.Params["bucket"] = bucket
		res, err := planAction(t, call, "s3.delete_bucket_objects")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Changes) != 1 {
			t.Fatalf("%s: changes = %+v, want one", bucket, res.Changes)
		}
		note := res.Changes[0].Note
		if wantNote && !strings.Contains(note, "all_versions: true") {
			t.Errorf("%s: note = %q, want one pointing to all_versions", bucket, note)
		}
		if !wantNote && note != "" {
			t.Errorf("%s: note = %q on a bucket without versioning", bucket, note)
		}
	}
}

func TestPlanCreateBuckets(t *testing.T) {
	call, srv := serverCall(t, Params{})
	existing := srv.Bucket(t, "plan-exists-")
	fresh := testserver.UniqueName("plan-new-")
	call.Params["bucket_names"] = []string{existing, fresh}
	call.Plan = NewPlanState()

	res, err := planAction(t, call, "s3.create_buckets")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 1 || res.Changes[0].Bucket != fresh {
		t.Errorf("changes = %+v, want only the creation of %s", res.Changes, fresh)
	}
	if out := res.Items[0].Output.(map[string]any); out["AlreadyOwnedByYou"] != true {
		t.Errorf("existing bucket output = %v, want AlreadyOwnedByYou true", out)
	}
	if srv.BucketExists(t, fresh) {
		t.Errorf("the plan created bucket %s", fresh)
		srv.Remove(context.Background(), fresh)
	}
}

func TestPlanDownloadWritesNothing(t *testing.T) {
	call, srv := serverCall(t, Params{"keys": []string{"a.txt", "logs/b.txt", "../escape.txt"}})
	bucket := srv.Bucket(t, "plan-dl-")
	srv.Put(t, bucket, "a.txt", "logs/b.txt")
	destination := filepath.Join(t.TempDir(), "dl")
	call.Params["bucket"], call.Params["destination"] = bucket, destination

	res, err := planAction(t, call, "s3.download_files")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(destination); !os.IsNotExist(err) {
		t.Errorf("the plan created the destination folder (stat error %v)", err)
	}
	if len(res.Changes) != 2 {
		t.Errorf("changes = %+v, want 2 downloads", res.Changes)
	}
	if got := Combine(res.Items); got != PartiallySucceeded {
		t.Errorf("status = %s, want PartiallySucceeded: ../escape.txt must fail", got)
	}
	for _, c := range res.Changes {
		if !strings.HasPrefix(c.Path, destination+string(filepath.Separator)) {
			t.Errorf("change path %s is not inside %s", c.Path, destination)
		}
	}

	call.Params["keys"] = []string{AllKeys}
	listed, err := planAction(t, call, "s3.download_files")
	if err != nil {
		t.Fatal(err)
	}
	if len(listed.Changes) != 2 || listed.Changes[1].Counts.Bytes != bodyBytes("logs/b.txt") {
		t.Errorf("changes for keys [\"*\"] = %+v, want both objects with their sizes",
			listed.Changes)
	}
	if _, err := os.Stat(destination); !os.IsNotExist(err) {
		t.Errorf("the plan of keys [\"*\"] created the destination folder (stat error %v)", err)
	}
}

func TestPlanDownloadMarksExistingFiles(t *testing.T) {
	call, srv := serverCall(t, Params{"keys": []string{"a.txt", "logs/b.txt"}, "overwrite": true})
	bucket := srv.Bucket(t, "plan-dlrep-")
	srv.Put(t, bucket, "a.txt", "logs/b.txt")
	destination := t.TempDir()
	if err := os.WriteFile(filepath.Join(destination, "a.txt"), []byte("earlier"), 0o600); err != nil {
		t.Fatal(err)
	}
	call.Params["bucket"], call.Params["destination"] = bucket, destination

	res, err := planAction(t, call, "s3.download_files")
	if err != nil {
		t.Fatal(err)
	}
	replaces := map[string]bool{}
	for _, c := range res.Changes {
		replaces[c.Key] = c.Replaces
	}
	if !replaces["a.txt"] {
		t.Error("a.txt is not marked as replacing the existing file")
	}
	if replaces["logs/b.txt"] {
		t.Error("logs/b.txt is marked as replacing a file that does not exist")
	}
}

func TestPlanMoveReadsSources(t *testing.T) {
	call, srv := serverCall(t, Params{"keys": []string{"a.txt", "gone.txt"},
		"destination_path": "case-7"})
	source := srv.Bucket(t, "plan-src-")
	destination := srv.Bucket(t, "plan-dst-")
	srv.Put(t, source, "a.txt")
	call.Params["source_bucket"], call.Params["destination_bucket"] = source, destination

	res, err := planAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 1 || res.Changes[0].DestinationKey != "case-7/a.txt" {
		t.Fatalf("changes = %+v, want the move of a.txt to case-7/a.txt", res.Changes)
	}
	if got := res.Changes[0].Counts.Bytes; got != bodyBytes("a.txt") {
		t.Errorf("bytes = %d, want %d", got, bodyBytes("a.txt"))
	}
	if res.Items[1].Status != Failed {
		t.Errorf("missing key item = %s, want Failed", res.Items[1].Status)
	}
	if v, _ := srv.CountVersions(t, destination); v != 0 {
		t.Errorf("the plan copied %d objects into the destination", v)
	}
	if v, _ := srv.CountVersions(t, source); v != 1 {
		t.Errorf("the source has %d objects after the plan, want 1", v)
	}
}

func TestPlanUploadReadsLocalFiles(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "plan-upload-")
	putBody(t, srv.Client(), bucket, "in/old.csv", []byte("kept until the upload"))
	dir := t.TempDir()
	report, old := filepath.Join(dir, "report.csv"), filepath.Join(dir, "old.csv")
	for _, path := range []string{report, old} {
		if err := os.WriteFile(path, []byte("a,b\n1,2\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	call.Params = Params{"bucket": bucket, "folder": "in",
		"files": []string{report, filepath.Join(dir, "missing.csv"), old}}

	res, err := planAction(t, call, "s3.upload_files")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 2 {
		t.Fatalf("changes = %+v, want report.csv and old.csv", res.Changes)
	}
	first, second := res.Changes[0], res.Changes[1]
	if first.Key != "in/report.csv" || first.Counts.Bytes != 8 || first.Replaces {
		t.Errorf("first change = %+v, want report.csv as in/report.csv, 8 bytes, new", first)
	}
	if second.Key != "in/old.csv" || !second.Replaces {
		t.Errorf("second change = %+v, want in/old.csv replacing the object there", second)
	}
	if !strings.HasSuffix(second.Describe(), ", replacing the object there (21 B)") {
		t.Errorf("description %q does not say it replaces an object", second.Describe())
	}
	if res.Items[1].Status != Failed {
		t.Errorf("missing file item = %s, want Failed", res.Items[1].Status)
	}
	if got := string(getBody(t, srv.Client(), bucket, "in/old.csv")); got != "kept until the upload" {
		t.Errorf("the plan changed in/old.csv to %q", got)
	}
}

func TestPlanMoveMarksReplacedKeys(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	source, destination := srv.Bucket(t, "plan-mvrep-"), srv.Bucket(t, "plan-mvrepd-")
	putBodies(t, c, source, "new.txt", "taken.txt")
	putBody(t, c, destination, "case/taken.txt", []byte("earlier evidence"))
	call.Params = moveParams(source, destination, "case", "new.txt", "taken.txt")

	res, err := planAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	replaces := map[string]bool{}
	for _, change := range res.Changes {
		replaces[change.Key] = change.Replaces
	}
	if len(replaces) != 2 {
		t.Fatalf("changes = %+v, want one per key", res.Changes)
	}
	if replaces["new.txt"] {
		t.Error("new.txt is marked as replacing an object, but case/new.txt does not exist")
	}
	if !replaces["taken.txt"] {
		t.Error("taken.txt is not marked as replacing case/taken.txt")
	}
}

func TestPlanPolicyDiffAndNoChange(t *testing.T) {
	call, srv := serverCall(t, Params{"remove_public_statements": true})
	bucket := srv.Bucket(t, "plan-policy-")
	policy := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"Public","Effect":"Allow","Principal":"*","Action":"s3:GetObject",` +
		`"Resource":"arn:aws:s3:::` + bucket + `/*"},` +
		`{"Sid":"Keep","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject",` +
		`"Resource":"arn:aws:s3:::` + bucket + `/*"}]}`
	_, err := srv.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{
		Bucket: aws.String(bucket), Policy: aws.String(policy)})
	if err != nil {
		t.Fatal(err)
	}
	call.Params["bucket"], call.Params["policy"] = bucket, policy

	res, err := planAction(t, call, "s3.put_bucket_policy")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 1 || len(res.Changes[0].Diff) != 1 ||
		!strings.HasPrefix(res.Changes[0].Diff[0], `- Statement: {"Action":"s3:GetObject"`) {
		t.Fatalf("changes = %+v, want one diff line removing the public statement", res.Changes)
	}
	stored, err := srv.Client().GetBucketPolicy(context.Background(),
		&s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
	if err != nil || !strings.Contains(aws.ToString(stored.Policy), "Public") {
		t.Errorf("the plan changed the stored policy: %v %v", aws.ToString(stored.Policy), err)
	}

	call.Params["remove_public_statements"] = false
	same, err := planAction(t, call, "s3.put_bucket_policy")
	if err != nil {
		t.Fatal(err)
	}
	if same.Status != Skipped || len(same.Changes) != 0 ||
		!strings.HasPrefix(same.Reason, "nothing to change") {
		t.Errorf("same policy: status %s, changes %v, reason %q; want Skipped with no change",
			same.Status, same.Changes, same.Reason)
	}
}

func TestPlanUploadMissingBucket(t *testing.T) {
	call, srv := serverCall(t, nil)
	path := filepath.Join(t.TempDir(), "report.csv")
	if err := os.WriteFile(path, []byte("a,b\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := srv.Bucket(t, "plan-upmiss-") + "-gone"
	call.Params = Params{"bucket": missing, "folder": "", "files": []string{path}}

	_, err := planAction(t, call, "s3.upload_files")
	var f *Failure
	if !errors.As(err, &f) {
		t.Fatalf("error = %v, want a predicted failure for the missing bucket", err)
	}
	if f.StatusCode != "404" || !strings.Contains(f.Message, missing) {
		t.Errorf("failure = %+v, want 404 naming %s", f, missing)
	}

	call.Plan = NewPlanState()
	call.Plan.NoteCreated(missing, "us-east-1")
	res, err := planAction(t, call, "s3.upload_files")
	if err != nil {
		t.Fatalf("upload into a bucket an earlier step creates: %v", err)
	}
	if len(res.Changes) != 1 || res.Changes[0].Replaces {
		t.Errorf("changes = %+v, want one new upload", res.Changes)
	}
}

func TestPlanMoveIntoPlannedBucket(t *testing.T) {
	call, srv := serverCall(t, nil)
	source := srv.Bucket(t, "plan-mvnew-")
	putBodies(t, srv.Client(), source, "a.txt")
	destination := source + "-new"
	call.Params = moveParams(source, destination, "", "a.txt")
	call.Plan = NewPlanState()
	call.Plan.NoteCreated(destination, "us-east-1")

	res, err := planAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatalf("move into a bucket an earlier step creates: %v", err)
	}
	wantItem(t, res, 0, Succeeded)

	call.Plan = NewPlanState()
	call.Plan.NoteCreated(destination, "eu-west-1")
	_, err = planAction(t, call, "s3.move_files")
	var f *Failure
	if !errors.As(err, &f) || f.Code != "CrossRegionMove" {
		t.Errorf("error = %v, want CrossRegionMove for a bucket created in eu-west-1", err)
	}
}

func TestPlanLockDownOfPlannedBucket(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "plan-lock-") + "-new"
	call.Plan = NewPlanState()
	call.Plan.NoteCreated(bucket, "us-east-1")

	call.Params = Params{"bucket": bucket, "policy": map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{"Sid": "DenyInsecure", "Effect": "Deny",
			"Principal": "*", "Action": "s3:*",
			"Resource":  "arn:aws:s3:::" + bucket + "/*",
			"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}}},
	}}
	res, err := planAction(t, call, "s3.put_bucket_policy")
	if err != nil {
		t.Fatalf("policy of a bucket an earlier step creates: %v", err)
	}
	if len(res.Changes) != 1 || res.Changes[0].Before != nil {
		t.Errorf("changes = %+v, want one put onto no policy", res.Changes)
	}

	call.Params = Params{"bucket": bucket, "block_public_acls": true, "ignore_public_acls": true,
		"block_public_policy": true, "restrict_public_buckets": true}
	res, err = planAction(t, call, "s3.put_bucket_public_access_block")
	if err != nil {
		t.Fatalf("public access block of a bucket an earlier step creates: %v", err)
	}
	if len(res.Changes) != 1 {
		t.Errorf("changes = %+v, want one", res.Changes)
	}
}

func TestPlanMoveVersionedSourceNote(t *testing.T) {
	call, srv := serverCall(t, nil)
	source, destination := srv.Bucket(t, "plan-mvver-"), srv.Bucket(t, "plan-mvverd-")
	srv.EnableVersioning(t, source)
	putBodies(t, srv.Client(), source, "a.txt")
	call.Params = moveParams(source, destination, "", "a.txt")

	res, err := planAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 1 || !strings.Contains(res.Changes[0].Note, "older versions") {
		t.Errorf("changes = %+v, want a note that older versions stay", res.Changes)
	}
}
