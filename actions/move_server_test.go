package actions

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// encodingKeys are names that a copy source breaks unless each byte is
// percent-encoded.
var encodingKeys = []string{"a+b.txt", "a b.txt", "100%.txt", "50%25off.txt", "小狗.jpg",
	"c++/x", "q?x=1&y=2.txt", "tag#1.txt", "k=v.txt"}

func TestMoveEncodedKeysOneByOne(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	source, destination := srv.Bucket(t, "s3play-mvsrc-"), srv.Bucket(t, "s3play-mvdst-")
	putBodies(t, c, source, encodingKeys...)

	call.Params = moveParams(source, destination, "", "a+b.txt")
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	wantItem(t, res, 0, Succeeded)
	wantKeys(t, c, destination, []string{"a+b.txt"})
	wantKeys(t, c, source, sorted(slices.DeleteFunc(slices.Clone(encodingKeys),
		func(k string) bool { return k == "a+b.txt" })...))
	if got := string(getBody(t, c, destination, "a+b.txt")); got != "body of a+b.txt" {
		t.Errorf("moved a+b.txt holds %q", got)
	}
	if got := string(getBody(t, c, source, "a b.txt")); got != "body of a b.txt" {
		t.Errorf("a b.txt in the source now holds %q", got)
	}

	rest := slices.DeleteFunc(slices.Clone(encodingKeys), func(k string) bool { return k == "a+b.txt" })
	call.Params = moveParams(source, destination, "", rest...)
	res, err = runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome() != Succeeded {
		t.Fatalf("status = %s, items %+v", res.Outcome(), res.Items)
	}
	wantKeys(t, c, source, nil)
	wantKeys(t, c, destination, sorted(encodingKeys...))
	for _, key := range encodingKeys {
		if got := string(getBody(t, c, destination, key)); got != "body of "+key {
			t.Errorf("moved %q holds %q", key, got)
		}
	}
}

func moveParams(source, destination, path string, keys ...string) Params {
	return Params{"source_bucket": source, "destination_bucket": destination,
		"destination_path": path, "keys": keys, "multipart_threshold": maxCopySize}
}

func TestMoveUnderDestinationPath(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	bucket := srv.Bucket(t, "s3play-mvpath-")
	putBodies(t, c, bucket, "logs/a.txt", "b.txt")

	call.Params = moveParams(bucket, bucket, "/case-7/", "logs/a.txt", "b.txt")
	res, err := runAction(t, call, "s3.move_files")
	if err != nil || res.Outcome() != Succeeded {
		t.Fatalf("move: status %v, error %v, items %+v", res.Outcome(), err, res.Items)
	}
	wantKeys(t, c, bucket, []string{"case-7/b.txt", "case-7/logs/a.txt"})
	out := res.Output.(map[string]any)
	if out["DestinationPath"] != "case-7/" {
		t.Errorf("DestinationPath = %v, want case-7/", out["DestinationPath"])
	}
}

func TestMoveOntoItselfRejected(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	bucket := srv.Bucket(t, "s3play-mvself-")
	putBodies(t, c, bucket, "a.txt", "p/a.txt")

	call.Params = moveParams(bucket, bucket, "", "a.txt")
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	it := wantItem(t, res, 0, Failed)
	if it.Error == nil || !strings.Contains(it.Error.Message, "onto itself") {
		t.Errorf("error = %+v, want one about moving onto itself", it.Error)
	}

	// a.txt would land on p/a.txt, which is moved by the same step.
	call.Params = moveParams(bucket, bucket, "p", "a.txt", "p/a.txt")
	res, err = runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	wantItem(t, res, 0, Failed)
	wantItem(t, res, 1, Succeeded)
	wantKeys(t, c, bucket, []string{"a.txt", "p/p/a.txt"})
	if got := string(getBody(t, c, bucket, "p/p/a.txt")); got != "body of p/a.txt" {
		t.Errorf("p/p/a.txt holds %q", got)
	}
}

func TestMoveMissingKey(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	source, destination := srv.Bucket(t, "s3play-mvmiss-"), srv.Bucket(t, "s3play-mvmissd-")
	putBodies(t, c, source, "here.txt")

	call.Params = moveParams(source, destination, "", "gone.txt", "here.txt")
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome() != PartiallySucceeded {
		t.Errorf("status = %s, want PartiallySucceeded", res.Outcome())
	}
	it := wantItem(t, res, 0, Failed)
	if it.Error == nil || it.Error.StatusCode != "404" {
		t.Errorf("error = %+v, want status 404", it.Error)
	}
	if it.Error != nil && it.Error.Indicator != "Move Files failed for gone.txt." {
		t.Errorf("indicator = %q", it.Error.Indicator)
	}
	wantItem(t, res, 1, Succeeded)
	wantKeys(t, c, destination, []string{"here.txt"})
}

func TestMoveVersionedDeletesCopiedVersion(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	source, destination := srv.Bucket(t, "s3play-mvver-"), srv.Bucket(t, "s3play-mvverd-")
	srv.EnableVersioning(t, source)
	first := putBody(t, c, source, "doc.txt", []byte("version one"))
	second := putBody(t, c, source, "doc.txt", []byte("version two"))

	call.Params = moveParams(source, destination, "", "doc.txt")
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	it := wantItem(t, res, 0, Succeeded)
	out, _ := it.Output.(map[string]any)
	if out["SourceVersionId"] != aws.ToString(second.VersionId) {
		t.Errorf("SourceVersionId = %v, want %s", out["SourceVersionId"],
			aws.ToString(second.VersionId))
	}
	if got := string(getBody(t, c, destination, "doc.txt")); got != "version two" {
		t.Errorf("destination holds %q, want version two", got)
	}
	versions := listVersionIDs(t, c, source, "doc.txt")
	if !slices.Equal(versions, []string{aws.ToString(first.VersionId)}) {
		t.Errorf("source versions = %q, want only the first %s", versions,
			aws.ToString(first.VersionId))
	}
}

func listVersionIDs(t *testing.T, c *s3.Client, bucket, key string) []string {
	t.Helper()
	out, err := c.ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{
		Bucket: &bucket, Prefix: aws.String(key)})
	if err != nil {
		t.Fatalf("list versions of %s: %v", bucket, err)
	}
	var ids []string
	for _, v := range out.Versions {
		ids = append(ids, aws.ToString(v.VersionId))
	}
	for _, m := range out.DeleteMarkers {
		ids = append(ids, "marker:"+aws.ToString(m.VersionId))
	}
	return ids
}

func TestMoveMultipartCopy(t *testing.T) {
	old := copyPartSize
	copyPartSize = minPartSize
	t.Cleanup(func() { copyPartSize = old })
	call, srv := serverCall(t, nil)
	c := srv.Client()
	source, destination := srv.Bucket(t, "s3play-mvmp-"), srv.Bucket(t, "s3play-mvmpd-")
	body := make([]byte, 12<<20)
	_, _ = rand.Read(body)
	putBody(t, c, source, "big file+1.bin", body)

	call.Params = moveParams(source, destination, "", "big file+1.bin")
	call.Params["multipart_threshold"] = minPartSize
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	it := wantItem(t, res, 0, Succeeded)
	if out, _ := it.Output.(map[string]any); out["Parts"] != float64(3) {
		t.Errorf("Parts = %v, want 3", out["Parts"])
	}
	if got := getBody(t, c, destination, "big file+1.bin"); !bytes.Equal(got, body) {
		t.Errorf("copied body differs: %d bytes, want %d", len(got), len(body))
	}
	wantKeys(t, c, source, nil)
	if n := uploadCount(t, c, destination); n != 0 {
		t.Errorf("%d multipart uploads left in the destination", n)
	}
}

func TestMoveMultipartKeepsTags(t *testing.T) {
	old := copyPartSize
	copyPartSize = minPartSize
	t.Cleanup(func() { copyPartSize = old })
	call, srv := serverCall(t, nil)
	c := srv.Client()
	source, destination := srv.Bucket(t, "s3play-mvtag-"), srv.Bucket(t, "s3play-mvtagd-")
	body := make([]byte, 6<<20)
	_, _ = rand.Read(body)
	_, err := c.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: &source, Key: aws.String("big.bin"), Body: bytes.NewReader(body),
		Tagging: aws.String("case=IR%207&path=a%2Fb%2Bc%3Dd")})
	if err != nil {
		t.Fatalf("put tagged object: %v", err)
	}

	call.Params = moveParams(source, destination, "", "big.bin")
	call.Params["multipart_threshold"] = minPartSize
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	it := wantItem(t, res, 0, Succeeded)
	if out, _ := it.Output.(map[string]any); out["Parts"] != float64(2) {
		t.Errorf("Parts = %v, want 2, so the copy was multipart", out["Parts"])
	}
	tags, err := c.GetObjectTagging(context.Background(), &s3.GetObjectTaggingInput{
		Bucket: &destination, Key: aws.String("big.bin")})
	if err != nil {
		t.Fatalf("get tags of the copy: %v", err)
	}
	got := map[string]string{}
	for _, tag := range tags.TagSet {
		got[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	want := map[string]string{"case": "IR 7", "path": "a/b+c=d"}
	if !maps.Equal(got, want) {
		t.Errorf("tags of the copy = %v, want %v", got, want)
	}
	wantKeys(t, c, source, nil)
}

func TestMoveRejectsAllKeys(t *testing.T) {
	call := &Call{Params: moveParams("src-bucket", "dst-bucket", "", "*"), Conn: NewConnector()}
	_, err := runAction(t, call, "s3.move_files")
	var f *Failure
	if !errors.As(err, &f) || f.StatusCode != CodeValidation {
		t.Fatalf("error = %v, want a validation failure", err)
	}
	if !strings.Contains(f.Message, "list_bucket_objects") {
		t.Errorf("message = %q, want a hint to list the keys", f.Message)
	}
}

func TestMoveSuspendedDeletesNullVersion(t *testing.T) {
	call, srv := serverCall(t, nil)
	c := srv.Client()
	source, destination := srv.Bucket(t, "s3play-mvsus-"), srv.Bucket(t, "s3play-mvsusd-")
	setVersioning(t, c, source, types.BucketVersioningStatusSuspended)
	putBody(t, c, source, "doc.txt", []byte("written while suspended"))

	call.Params = moveParams(source, destination, "", "doc.txt")
	res, err := runAction(t, call, "s3.move_files")
	if err != nil {
		t.Fatal(err)
	}
	wantItem(t, res, 0, Succeeded)
	if versions := listVersionIDs(t, c, source, "doc.txt"); len(versions) != 0 {
		t.Errorf("source versions = %q, want none: the null version was moved", versions)
	}
	if got := string(getBody(t, c, destination, "doc.txt")); got != "written while suspended" {
		t.Errorf("destination holds %q", got)
	}
}
