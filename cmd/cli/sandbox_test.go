package cli

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/internal/sandbox"
)

const demoPlaybook = "../../playbooks/demo.yaml"

// withoutAWSCredentials leaves the CLI no credentials, region or config
// from the environment, as on a machine that never had AWS set up.
func withoutAWSCredentials(t *testing.T) {
	t.Helper()
	isolateAWS(t)
	t.Setenv("AWS_REGION", "")
}

// demoBuckets returns the buckets a fresh sandbox contains, by name.
func demoBuckets(t *testing.T) map[string]sandbox.DemoBucket {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = sb.Close() }()
	out := map[string]sandbox.DemoBucket{}
	for _, b := range sb.Buckets() {
		out[b.Name] = b
	}
	return out
}

func TestSandboxDemoText(t *testing.T) {
	withoutAWSCredentials(t)

	code, out, errOut := execute(t, "run", "--sandbox", "--yes", demoPlaybook)

	if code != ExitSuccess {
		t.Fatalf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitSuccess, out, errOut)
	}
	for _, step := range []string{"check", "buckets", "keep_objects", "empty", "delete", "remaining"} {
		// Each step's line starts with its id.
		if !strings.Contains("\n"+out, "\n"+step+" ") {
			t.Errorf("output does not show step %s:\n%s", step, out)
		}
	}
	if !strings.Contains(out, ": Succeeded in ") {
		t.Errorf("summary does not report a succeeded run:\n%s", out)
	}
	if !strings.Contains(out, `output deleted: ["demo-tmp-`) {
		t.Errorf("output does not list the deleted demo-tmp- buckets:\n%s", out)
	}
}

func TestSandboxDemoJSONRecord(t *testing.T) {
	withoutAWSCredentials(t)
	demo := demoBuckets(t)
	var wantDeleted, wantRemaining []string
	for name := range demo {
		if strings.HasPrefix(name, "demo-tmp-") {
			wantDeleted = append(wantDeleted, name)
		} else {
			wantRemaining = append(wantRemaining, name)
		}
	}
	slices.Sort(wantDeleted)
	slices.Sort(wantRemaining)
	if len(wantDeleted) == 0 || len(wantRemaining) == 0 {
		t.Fatalf("demo data has deletable buckets %v and kept buckets %v, want some of each",
			wantDeleted, wantRemaining)
	}

	code, out, errOut := execute(t, "run", "--sandbox", "--yes", "--output", "json", demoPlaybook)

	if code != ExitSuccess {
		t.Fatalf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitSuccess, out, errOut)
	}
	var rec engine.Record
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("stdout is not one JSON record: %v\n%s", err, out)
	}
	if rec.Status != actions.Succeeded {
		t.Errorf("record status = %s, want %s", rec.Status, actions.Succeeded)
	}
	if !strings.HasPrefix(rec.Connection.EndpointURL, "http://127.0.0.1:") {
		t.Errorf("record endpoint = %q, want the loopback sandbox", rec.Connection.EndpointURL)
	}
	if got := sortedStrings(rec.Outputs["deleted"]); !slices.Equal(got, wantDeleted) {
		t.Errorf("output deleted = %v, want %v", got, wantDeleted)
	}
	if got := sortedStrings(rec.Outputs["remaining"]); !slices.Equal(got, wantRemaining) {
		t.Errorf("output remaining = %v, want %v", got, wantRemaining)
	}
	if got, want := rec.Outputs["objects_in_demo_keep"], float64(demo["demo-keep"].Objects); got != want {
		t.Errorf("output objects_in_demo_keep = %v, want %v", got, want)
	}

	steps := map[string]*engine.StepRecord{}
	for _, s := range rec.Steps {
		steps[s.ID] = s
	}
	if steps["empty"] == nil || steps["delete"] == nil {
		t.Fatalf("record lacks the empty or delete step: %+v", rec.Steps)
	}
	checkDemoEmptied(t, steps["empty"], demo)
	for _, it := range steps["delete"].Items {
		if it.Status != actions.Succeeded {
			t.Errorf("delete item %v: status %s, error %v", it.Item, it.Status, it.Error)
		}
	}
}

// checkDemoEmptied compares what the empty step deleted in each demo-tmp-
// bucket with the sandbox's own description of that bucket.
func checkDemoEmptied(t *testing.T, step *engine.StepRecord, demo map[string]sandbox.DemoBucket) {
	t.Helper()
	for _, it := range step.Items {
		name, _ := it.Item.(string)
		b, ok := demo[name]
		switch {
		case !ok:
			t.Errorf("empty step has an item for unknown bucket %v", it.Item)
			continue
		case !strings.HasPrefix(name, "demo-tmp-"):
			if it.Status != actions.Skipped {
				t.Errorf("empty item %s: status %s, want %s", name, it.Status, actions.Skipped)
			}
			continue
		case it.Status != actions.Succeeded:
			t.Errorf("empty item %s: status %s, error %v", name, it.Status, it.Error)
			continue
		}
		out, _ := it.Output.(map[string]any)
		objects, _ := out["ObjectsDeleted"].(float64)
		versions, _ := out["VersionsDeleted"].(float64)
		if got := int(objects + versions); got != b.Versions {
			t.Errorf("empty item %s: %d objects and versions deleted, want %d", name, got, b.Versions)
		}
		if got, _ := out["DeleteMarkersDeleted"].(float64); int(got) != b.DeleteMarkers {
			t.Errorf("empty item %s: %v delete markers deleted, want %d", name, got, b.DeleteMarkers)
		}
		if got, _ := out["UploadsAborted"].(float64); int(got) != b.Uploads {
			t.Errorf("empty item %s: %v uploads aborted, want %d", name, got, b.Uploads)
		}
	}
}

// sortedStrings returns the strings of a JSON list, sorted. Entries that are
// not strings are left out, and a value that is not a list gives nil.
func sortedStrings(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// crossRegionMove creates a bucket in eu-west-1 and moves a demo object,
// which is in us-east-1, into it.
const crossRegionMove = `name: cross-region-move
steps:
  - id: create
    action: s3.create_buckets
    connection: {region: eu-west-1}
    with: {bucket_names: [eu-evidence]}
  - id: move
    action: s3.move_files
    with:
      source_bucket: demo-tmp-2
      keys: [reports/2024-q1.csv]
      destination_bucket: eu-evidence
`

// The sandbox keeps the region a bucket was created in, so a rehearsal
// rejects a move across regions as S3 does.
func TestSandboxCrossRegionMoveRejected(t *testing.T) {
	withoutAWSCredentials(t)
	code, out, errOut := execute(t, "run", "--sandbox", "--yes", "-o", "json",
		writePlaybook(t, crossRegionMove))
	if code != ExitFailure {
		t.Fatalf("exit code = %d, want %d\n%s%s", code, ExitFailure, out, errOut)
	}
	var rec engine.Record
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("run record: %v\n%s", err, out)
	}
	if len(rec.Steps) != 2 {
		t.Fatalf("steps = %d, want 2\n%s", len(rec.Steps), out)
	}
	if rec.Steps[0].Status != actions.Succeeded {
		t.Errorf("create status = %s, want Succeeded", rec.Steps[0].Status)
	}
	move := rec.Steps[1]
	if move.Status != actions.Failed {
		t.Errorf("move status = %s, want Failed", move.Status)
	}
	if move.Error == nil || move.Error.Code != "CrossRegionMove" {
		t.Fatalf("move error = %+v, want CrossRegionMove", move.Error)
	}
	if !strings.Contains(move.Error.Message, "eu-evidence is in eu-west-1") {
		t.Errorf("message %q does not name the destination's region", move.Error.Message)
	}
}
