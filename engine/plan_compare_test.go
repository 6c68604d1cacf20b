package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
)

// twoStepPlan is a plan that empties bucket tmp-a and then deletes it.
func twoStepPlan() *Record {
	return &Record{Mode: ModePlan, PlaybookSHA256: "abc", Inputs: map[string]any{"prefix": "tmp-"},
		Steps: []*StepRecord{
			{ID: "empty", Predicted: true, Changes: []actions.Change{{
				Kind: actions.ChangeDeleteObjects, Bucket: "tmp-a",
				Counts: &actions.ObjectCounts{Versions: 9, DeleteMarkers: 2, Bytes: 81}}}},
			{ID: "delete", Predicted: true, Changes: []actions.Change{{
				Kind: actions.ChangeDeleteBucket, Bucket: "tmp-a"}}},
		}}
}

// roundTrip writes a plan as JSON and reads it back, as a plan file does.
func roundTrip(t *testing.T, rec *Record) *Record {
	t.Helper()
	data, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := ReadPlanFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestComparePlansMatch(t *testing.T) {
	if diffs := ComparePlans(roundTrip(t, twoStepPlan()), twoStepPlan()); diffs != nil {
		t.Errorf("differences = %q, want none", diffs)
	}
}

func TestComparePlansNewBucket(t *testing.T) {
	current := twoStepPlan()
	current.Steps[1].Changes = append(current.Steps[1].Changes,
		actions.Change{Kind: actions.ChangeDeleteBucket, Bucket: "tmp-x"})

	diffs := ComparePlans(roundTrip(t, twoStepPlan()), current)
	if len(diffs) != 1 {
		t.Fatalf("differences = %q, want one", diffs)
	}
	if want := "step delete has a new target: delete bucket tmp-x"; diffs[0] != want {
		t.Errorf("difference = %q, want %q", diffs[0], want)
	}
}

func TestComparePlansChangedCounts(t *testing.T) {
	current := twoStepPlan()
	current.Steps[0].Changes[0].Counts = &actions.ObjectCounts{Versions: 10, DeleteMarkers: 2,
		Bytes: 90}

	diffs := ComparePlans(roundTrip(t, twoStepPlan()), current)
	if len(diffs) != 1 || !strings.Contains(diffs[0], "9 object versions") ||
		!strings.Contains(diffs[0], "10 object versions") {
		t.Errorf("differences = %q, want the old and new counts of tmp-a", diffs)
	}
}

func TestComparePlansRemovedTarget(t *testing.T) {
	current := twoStepPlan()
	current.Steps[1].Changes = nil

	diffs := ComparePlans(roundTrip(t, twoStepPlan()), current)
	if len(diffs) != 1 || diffs[0] != "step delete no longer has the target: delete bucket tmp-a" {
		t.Errorf("differences = %q, want the missing delete of tmp-a", diffs)
	}
}

func TestComparePlansInputsAndPlaybook(t *testing.T) {
	current := twoStepPlan()
	current.Inputs = map[string]any{"prefix": "other-"}
	current.PlaybookSHA256 = "def"

	diffs := ComparePlans(roundTrip(t, twoStepPlan()), current)
	if len(diffs) != 2 {
		t.Fatalf("differences = %q, want two", diffs)
	}
	if !strings.Contains(diffs[0], "playbook file changed") {
		t.Errorf("first difference = %q, want the playbook change", diffs[0])
	}
	if diffs[1] != `input prefix is "tmp-" in the plan but "other-" now` {
		t.Errorf("second difference = %q, want the input change", diffs[1])
	}
}

func TestReadPlanFileRejectsRunRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.json")
	if err := os.WriteFile(path, []byte(`{"mode": "run"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadPlanFile(path)
	if err == nil || !strings.Contains(err.Error(), "is not a plan") {
		t.Errorf("error = %v, want one saying the file is not a plan", err)
	}
}

func TestComparePlansGeneratedSessionName(t *testing.T) {
	approved, current := twoStepPlan(), twoStepPlan()
	approved.RunID, current.RunID = "20261204T100000Z-aaaaaaaa", "20261204T100500Z-bbbbbbbb"
	role := "arn:aws:iam::123456789012:role/Responder"
	approved.Connection = ConnectionSummary{RoleARN: role,
		RoleSessionName: actions.SessionNameFor(approved.RunID)}
	current.Connection = ConnectionSummary{RoleARN: role,
		RoleSessionName: actions.SessionNameFor(current.RunID)}
	if diffs := ComparePlans(roundTrip(t, approved), current); diffs != nil {
		t.Errorf("differences = %q, want none for generated session names", diffs)
	}

	current.Connection.RoleSessionName = "incident-4711"
	diffs := ComparePlans(roundTrip(t, approved), current)
	if len(diffs) != 1 || !strings.Contains(diffs[0], "incident-4711") {
		t.Errorf("differences = %q, want the chosen session name reported", diffs)
	}
}

// movePlan is a plan that moves one key, replacing an object or not.
func movePlan(replaces bool) *Record {
	return &Record{Mode: ModePlan, PlaybookSHA256: "abc", Steps: []*StepRecord{
		{ID: "move", Predicted: true, Changes: []actions.Change{{
			Kind: actions.ChangeMoveObject, Bucket: "src", Key: "a.txt",
			DestinationBucket: "dst", DestinationKey: "case/a.txt",
			Counts: &actions.ObjectCounts{Objects: 1, Bytes: 5}, Replaces: replaces}}},
	}}
}

func TestComparePlansNewReplacement(t *testing.T) {
	diffs := ComparePlans(roundTrip(t, movePlan(false)), movePlan(true))
	if len(diffs) != 1 || !strings.HasSuffix(diffs[0], ", replacing the object there") {
		t.Errorf("differences = %q, want the move that now replaces case/a.txt", diffs)
	}
}

func TestComparePlansReplacementGone(t *testing.T) {
	if diffs := ComparePlans(roundTrip(t, movePlan(true)), movePlan(false)); diffs != nil {
		t.Errorf("differences = %q, want none: the object the plan showed replaced is gone", diffs)
	}
}

func TestComparePlansReplacedObjectChanged(t *testing.T) {
	approved, current := movePlan(true), movePlan(true)
	approved.Steps[0].Changes[0].Before = map[string]any{"ETag": `"aaa"`, "Size": float64(4)}
	current.Steps[0].Changes[0].Before = map[string]any{"ETag": `"bbb"`, "Size": float64(58)}
	diffs := ComparePlans(roundTrip(t, approved), current)
	if len(diffs) != 1 || !strings.Contains(diffs[0], "(58 B)") {
		t.Errorf("differences = %q, want the replaced object that changed to 58 B", diffs)
	}
	for _, want := range []string{`"aaa"`, `"bbb"`, "changed since the plan"} {
		if len(diffs) == 1 && !strings.Contains(diffs[0], want) {
			t.Errorf("difference %q does not contain %s", diffs[0], want)
		}
	}
	if diffs := ComparePlans(roundTrip(t, approved), approved); diffs != nil {
		t.Errorf("differences = %q for the same replaced object, want none", diffs)
	}
}
