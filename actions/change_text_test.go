package actions

import (
	"slices"
	"testing"
)

func TestFormatBytes(t *testing.T) {
	cases := map[int64]string{
		0:          "0 B",
		1023:       "1023 B",
		1024:       "1.0 KiB",
		1536:       "1.5 KiB",
		3435973837: "3.2 GiB",
		5 << 40:    "5.0 TiB",
		1 << 62:    "4.0 EiB",
	}
	for n, want := range cases {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFormatCount(t *testing.T) {
	cases := map[int64]string{0: "0", 999: "999", 1000: "1,000", 1204: "1,204",
		2500: "2,500", 1234567: "1,234,567", -10000: "-10,000"}
	for n, want := range cases {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestDescribeChanges(t *testing.T) {
	cases := []struct {
		change Change
		want   string
	}{
		{Change{Kind: ChangeDeleteObjects, Bucket: "logs", Counts: &ObjectCounts{
			Versions: 1204, DeleteMarkers: 37, Bytes: 3435973837}},
			"delete 1,204 object versions and 37 delete markers, 3.2 GiB, in bucket logs"},
		{Change{Kind: ChangeDeleteObjects, Bucket: "tmp", Counts: &ObjectCounts{
			Versions: 9, DeleteMarkers: 2, Uploads: 1, Bytes: 81}},
			"delete 9 object versions and 2 delete markers, abort 1 incomplete upload, 81 B, " +
				"in bucket tmp"},
		{Change{Kind: ChangeDeleteObjects, Bucket: "tmp", Counts: &ObjectCounts{Uploads: 2}},
			"abort 2 incomplete uploads, in bucket tmp"},
		{Change{Kind: ChangeDeleteObjects, Bucket: "tmp", Counts: &ObjectCounts{}},
			"delete nothing, in bucket tmp"},
		{Change{Kind: ChangeDeleteObject, Bucket: "b", Key: "a.txt", Counts: &ObjectCounts{
			Versions: 3, DeleteMarkers: 1, Bytes: 27}},
			"delete key a.txt in bucket b: 3 object versions and 1 delete marker, 27 B"},
		{Change{Kind: ChangeDeleteBucket, Bucket: "tmp"}, "delete bucket tmp"},
		{Change{Kind: ChangeCreateBucket, Bucket: "new"}, "create bucket new"},
		{Change{Kind: ChangePutBucketPolicy, Bucket: "b"}, "put a policy on bucket b"},
		{Change{Kind: ChangePutBucketPolicy, Bucket: "b", Before: map[string]any{}},
			"replace the policy of bucket b"},
		{Change{Kind: ChangeMoveObject, Bucket: "a", Key: "k", DestinationBucket: "q",
			DestinationKey: "case/k", Counts: &ObjectCounts{Objects: 1, Bytes: 2048}},
			"move s3://a/k to s3://q/case/k, 2.0 KiB"},
		{Change{Kind: ChangeDownloadObject, Bucket: "a", Key: "k", Path: "/tmp/dl/k",
			Counts: &ObjectCounts{Objects: 1, Bytes: 5}},
			"download s3://a/k to /tmp/dl/k, 5 B"},
	}
	for _, c := range cases {
		if got := c.change.Describe(); got != c.want {
			t.Errorf("Describe(%s) =\n  %q\nwant\n  %q", c.change.Kind, got, c.want)
		}
	}
}

func TestTargetCountCountsEntries(t *testing.T) {
	changes := []Change{
		{Kind: ChangeDeleteObjects, Counts: &ObjectCounts{Versions: 9, DeleteMarkers: 2,
			Uploads: 1, Bytes: 100}},
		{Kind: ChangeDeleteBucket},
	}
	if got := TargetCount(changes); got != 13 {
		t.Errorf("TargetCount = %d, want 13 (12 entries and 1 bucket)", got)
	}
}

func TestPolicyDiffListsChangedStatements(t *testing.T) {
	public := map[string]any{"Sid": "Public", "Effect": "Allow", "Principal": "*",
		"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
	deny := map[string]any{"Sid": "Deny", "Effect": "Deny", "Principal": "*",
		"Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::b/*"}
	before := map[string]any{"Version": "2012-10-17", "Statement": []any{public, deny}}
	after := map[string]any{"Version": "2012-10-17", "Statement": []any{deny}}

	got := policyDiff(before, after)
	want := []string{`- Statement: {"Action":"s3:GetObject","Effect":"Allow","Principal":"*",` +
		`"Resource":"arn:aws:s3:::b/*","Sid":"Public"}`}
	if !slices.Equal(got, want) {
		t.Errorf("policyDiff =\n  %q\nwant\n  %q", got, want)
	}
}

func TestPolicyDiffFromNoPolicy(t *testing.T) {
	after := map[string]any{"Version": "2012-10-17", "Statement": map[string]any{
		"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}}
	got := policyDiff(nil, after)
	want := []string{`+ Version: "2012-10-17"`,
		`+ Statement: {"Action":"s3:*","Effect":"Deny","Principal":"*","Resource":"*"}`}
	if !slices.Equal(got, want) {
		t.Errorf("policyDiff =\n  %q\nwant\n  %q", got, want)
	}
}

func TestPublicAccessDiff(t *testing.T) {
	all := publicAccessBlock{true, true, true, true}
	partial := &publicAccessComparison{current: publicAccessBlock{BlockPublicAcls: true},
		desired: all, configured: true}
	want := []string{"- IgnorePublicAcls: false", "+ IgnorePublicAcls: true",
		"- BlockPublicPolicy: false", "+ BlockPublicPolicy: true",
		"- RestrictPublicBuckets: false", "+ RestrictPublicBuckets: true"}
	if got := partial.diff(); !slices.Equal(got, want) {
		t.Errorf("diff of a partial configuration =\n  %q\nwant\n  %q", got, want)
	}

	missing := &publicAccessComparison{desired: all}
	got := missing.diff()
	if len(got) != 5 || got[0] != "- (no public access block configuration)" {
		t.Errorf("diff without a configuration = %q, want the missing line and 4 settings", got)
	}
}
