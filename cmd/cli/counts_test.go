package cli

import (
	"reflect"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

func TestThousands(t *testing.T) {
	cases := map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 10000: "10,000",
		1234567: "1,234,567", -2500: "-2,500"}
	for n, want := range cases {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestOutputCountsSumsItems(t *testing.T) {
	rec := &engine.StepRecord{Items: []actions.Item{
		{Output: map[string]any{"VersionsDeleted": float64(9), "DeleteMarkersDeleted": float64(2),
			"UploadsAborted": float64(1)}},
		{Output: nil},
		{Output: map[string]any{"VersionsDeleted": float64(2500), "DeleteMarkersDeleted": float64(0)}},
	}}
	want := []string{"2,509 versions deleted", "2 delete markers deleted", "1 upload aborted"}
	if got := outputCounts(rec); !reflect.DeepEqual(got, want) {
		t.Errorf("outputCounts = %q, want %q", got, want)
	}
}

func TestOutputCountsPlainStep(t *testing.T) {
	rec := &engine.StepRecord{Output: map[string]any{"KeyCount": float64(3)}}
	want := []string{"3 keys listed"}
	if got := outputCounts(rec); !reflect.DeepEqual(got, want) {
		t.Errorf("outputCounts = %q, want %q", got, want)
	}
}

func TestOutputCountsTruncatedListing(t *testing.T) {
	rec := &engine.StepRecord{Output: map[string]any{"KeyCount": float64(1000),
		"IsTruncated": true}}
	want := []string{"1,000 keys listed", "more remain (IsTruncated)"}
	if got := outputCounts(rec); !reflect.DeepEqual(got, want) {
		t.Errorf("outputCounts = %q, want %q", got, want)
	}
}

func TestOutputCountsTruncatedLoop(t *testing.T) {
	rec := &engine.StepRecord{Items: []actions.Item{
		{Output: map[string]any{"KeyCount": float64(2), "IsTruncated": true}},
		{Output: map[string]any{"KeyCount": float64(1), "IsTruncated": false}},
		{Output: map[string]any{"KeyCount": float64(2), "IsTruncated": true}},
	}}
	want := []string{"5 keys listed", "more remain in 2 listings (IsTruncated)"}
	if got := outputCounts(rec); !reflect.DeepEqual(got, want) {
		t.Errorf("outputCounts = %q, want %q", got, want)
	}
}

func TestOutputCountsTruncatedBucketPage(t *testing.T) {
	rec := &engine.StepRecord{Output: map[string]any{"IsTruncated": true}}
	if got := outputCounts(rec); len(got) != 0 {
		t.Errorf("outputCounts = %q, want nothing for an output without KeyCount", got)
	}
}

func TestStepDetailItemCount(t *testing.T) {
	one := &engine.StepRecord{Status: actions.Failed, DurationMS: 5,
		Items: []actions.Item{{Item: "ghost.txt", Status: actions.Failed}}}
	if got, want := stepDetail(one), "1 item, 0 succeeded, 5 ms"; got != want {
		t.Errorf("stepDetail of one item = %q, want %q", got, want)
	}
	two := &engine.StepRecord{Status: actions.Succeeded, DurationMS: 5,
		Items: []actions.Item{{Status: actions.Succeeded}, {Status: actions.Succeeded}}}
	if got, want := stepDetail(two), "2 items, 2 succeeded, 5 ms"; got != want {
		t.Errorf("stepDetail of two items = %q, want %q", got, want)
	}
}

func TestStepDetailRetryCount(t *testing.T) {
	for retries, want := range map[int64]string{1: "1 retry, 5 ms", 3: "3 retries, 5 ms"} {
		rec := &engine.StepRecord{Status: actions.Succeeded, DurationMS: 5, Retries: retries}
		if got := stepDetail(rec); got != want {
			t.Errorf("stepDetail with %d retries = %q, want %q", retries, got, want)
		}
	}
}

func TestSummaryCallAndRetryCounts(t *testing.T) {
	rec := &engine.Record{RunID: "r1", Status: actions.Succeeded, DurationMS: 7,
		APICalls: 1, Retries: 1}
	var out strings.Builder
	printSummary(&out, rec)
	if want := "run r1: Succeeded in 7 ms, 1 API call, 1 retry\n"; !strings.Contains(out.String(), want) {
		t.Errorf("summary = %q, want %q", out.String(), want)
	}
	if got, want := callTotals(2500, 0), "2,500 API calls, 0 retries"; got != want {
		t.Errorf("callTotals(2500, 0) = %q, want %q", got, want)
	}
}
