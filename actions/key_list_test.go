package actions

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func entry(key string, size float64, etag string) map[string]any {
	return map[string]any{"Key": key, "Size": size, "ETag": etag,
		"LastModified": "2026-01-02T03:04:05Z", "StorageClass": "STANDARD"}
}

func TestKeyListMixesKeysAndEntries(t *testing.T) {
	got, err := toKeyList([]any{"plain.txt", entry("listed.txt", 7, `"abc"`), float64(42)})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"plain.txt", "listed.txt", "42"}; !slices.Equal(got.Keys, want) {
		t.Errorf("keys = %q, want %q", got.Keys, want)
	}
	if l, ok := got.Listed["listed.txt"]; !ok || l.Size != 7 || l.ETag != `"abc"` {
		t.Errorf("listed.txt = %+v (%v), want size 7 and its ETag", l, ok)
	}
	if _, ok := got.Listed["plain.txt"]; ok {
		t.Error("a key given by name has listed facts")
	}
}

func TestKeyListSingleEntry(t *testing.T) {
	got, err := toKeyList(entry("one.txt", 1, `"e"`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Keys, []string{"one.txt"}) {
		t.Errorf("keys = %q, want [one.txt]", got.Keys)
	}
	if _, ok := got.Listed["one.txt"]; !ok {
		t.Error("the entry's size and ETag were dropped")
	}
}

func TestKeyListEntryWithoutFacts(t *testing.T) {
	cases := []map[string]any{
		{"Key": "k"},
		{"Key": "k", "Size": float64(3)},
		{"Key": "k", "ETag": `"e"`},
		{"Key": "k", "Size": "3", "ETag": `"e"`},
		{"Key": "k", "Size": float64(-1), "ETag": `"e"`},
		{"Key": "k", "Size": float64(3), "ETag": ""},
	}
	for _, c := range cases {
		got, err := toKeyList([]any{c})
		if err != nil {
			t.Errorf("%v: %v", c, err)
			continue
		}
		if !slices.Equal(got.Keys, []string{"k"}) {
			t.Errorf("%v: keys = %q", c, got.Keys)
		}
		if len(got.Listed) != 0 {
			t.Errorf("%v: listed = %v, want none", c, got.Listed)
		}
	}
}

func TestKeyListConflictingEntries(t *testing.T) {
	got, err := toKeyList([]any{entry("k", 3, `"old"`), entry("k", 4, `"new"`),
		entry("k", 3, `"old"`), entry("same", 1, `"e"`), entry("same", 1, `"e"`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got.Listed["k"]; ok {
		t.Errorf("k keeps listed facts %+v from entries that disagree", got.Listed["k"])
	}
	if _, ok := got.Listed["same"]; !ok {
		t.Error("two equal entries for one key lost their facts")
	}
}

func TestKeyListRejectsEntryWithoutKey(t *testing.T) {
	cases := []any{
		[]any{"a", map[string]any{"Name": "b"}},
		[]any{map[string]any{"Key": float64(3)}},
		[]any{true},
		true,
	}
	for _, c := range cases {
		_, err := toKeyList(c)
		if err == nil {
			t.Errorf("%v: accepted", c)
			continue
		}
		if !strings.Contains(err.Error(), "Key") && !strings.Contains(err.Error(), "keys") {
			t.Errorf("%v: error %q does not say what a key list takes", c, err)
		}
	}
}

func TestKeyListParamChecksEachKey(t *testing.T) {
	p := Param{Name: "keys", Type: TypeKeyList, Check: checkObjectKey}
	_, err := p.Convert([]any{"fine", entry("", 1, `"e"`)})
	if err == nil || !strings.Contains(err.Error(), "item 1") {
		t.Errorf("error = %v, want one naming item 1", err)
	}
	v, err := p.Convert([]any{entry("a/b.txt", 1, `"e"`)})
	if err != nil {
		t.Fatal(err)
	}
	params := Params{"keys": v}
	if !slices.Equal(params.Strings("keys"), []string{"a/b.txt"}) {
		t.Errorf("Strings = %q", params.Strings("keys"))
	}
	if len(params.Listed("keys")) != 1 {
		t.Errorf("Listed = %v, want the entry", params.Listed("keys"))
	}
}

func TestKeyListRecordShowsKeys(t *testing.T) {
	l, err := toKeyList([]any{entry("a", 1, `"e"`), "b"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != `["a","b"]` {
		t.Errorf("JSON = %s, want the keys", data)
	}
}

func TestKeyListWholeOutputRejected(t *testing.T) {
	output := map[string]any{"Name": "logs", "Contents": []any{}, "IsTruncated": false}
	_, err := toKeyList(output)
	if err == nil {
		t.Fatal("a listing output without Key was accepted")
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "item") {
		t.Errorf("message %q names an item of a value that is not a list", msg)
	}
	if !strings.Contains(msg, "Contents") {
		t.Errorf("message %q does not point to Contents", msg)
	}
}

func TestKeyListWildcardETagIgnored(t *testing.T) {
	got, err := toKeyList([]any{entry("k", 3, "*"), entry("j", 3, ` * `)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Listed) != 0 {
		t.Errorf("listed = %v: an ETag of * would match any object in CopySourceIfMatch", got.Listed)
	}
}

func TestKeyListEntryStarNamesOneObject(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-starentry-")
	srv.Put(t, bucket, "*", "one", "two")
	keys, err := toKeyList([]any{map[string]any{"Key": "*"}})
	if err != nil {
		t.Fatal(err)
	}
	call.Params = Params{"bucket": bucket, "keys": keys, "all_versions": false}

	planned, err := planAction(t, call, "s3.delete_bucket_objects")
	if err != nil {
		t.Fatal(err)
	}
	if len(planned.Changes) != 1 || planned.Changes[0].Kind != ChangeDeleteObject {
		t.Errorf("plan changes = %+v, want the delete of the one key *", planned.Changes)
	}
	if _, err := runAction(t, call, "s3.delete_bucket_objects"); err != nil {
		t.Fatal(err)
	}
	wantKeys(t, srv.Client(), bucket, []string{"one", "two"})
}

func TestKeyListRejectsVersionEntry(t *testing.T) {
	_, err := toKeyList([]any{map[string]any{"Key": "a.txt", "VersionId": "v1", "Size": float64(1)}})
	if err == nil || !strings.Contains(err.Error(), "v1") {
		t.Errorf("error = %v, want one naming the version", err)
	}
	if _, err := toKeyList([]any{map[string]any{"Key": "a.txt", "VersionId": ""}}); err != nil {
		t.Errorf("an empty VersionId was rejected: %v", err)
	}
}
