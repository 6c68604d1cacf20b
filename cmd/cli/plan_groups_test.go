package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
)

func moveChange(key string, replaces bool) actions.Change {
	return actions.Change{Kind: actions.ChangeMoveObject, Bucket: "src", Key: key,
		DestinationBucket: "dst", DestinationKey: "case/" + key,
		Counts: &actions.ObjectCounts{Objects: 1, Bytes: 5}, Replaces: replaces}
}

func TestPlanGroupListsReplacedKeys(t *testing.T) {
	groups := groupChanges([]actions.Change{moveChange("a.txt", false),
		moveChange("b.txt", true), moveChange("c.txt", true)})
	if len(groups) != 1 {
		t.Fatalf("%d groups, want 1", len(groups))
	}
	var out bytes.Buffer
	groups[0].print(&out)
	if !strings.Contains(out.String(), "to bucket dst, under case/") {
		t.Errorf("plan text:\n%s\nwant the destination prefix case/", out.String())
	}
	want := "        2 would replace an existing object: case/b.txt, case/c.txt\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("plan text:\n%s\nwant the line %q", out.String(), want)
	}
}

func TestPlanGroupWithoutReplacedKeys(t *testing.T) {
	groups := groupChanges([]actions.Change{moveChange("a.txt", false),
		moveChange("b.txt", false)})
	var out bytes.Buffer
	groups[0].print(&out)
	if strings.Contains(out.String(), "replace") {
		t.Errorf("plan text mentions a replacement:\n%s", out.String())
	}
}

func TestPlanGroupMixedPrefixes(t *testing.T) {
	first, second := moveChange("a.txt", false), moveChange("b.txt", false)
	second.DestinationKey = "other/b.txt"
	groups := groupChanges([]actions.Change{first, second})
	var out bytes.Buffer
	groups[0].print(&out)
	if strings.Contains(out.String(), "under") {
		t.Errorf("plan text names one prefix for moves under two:\n%s", out.String())
	}
}
