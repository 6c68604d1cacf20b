package engine

import (
	"context"
	"testing"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/internal/testserver"
)

func planHeadline(t *testing.T, runner *Runner, prefix string) *Record {
	t.Helper()
	pb, err := LoadFile("../playbooks/delete-buckets-with-prefix.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := pb.ResolveInputs(map[string]string{"prefix": prefix})
	if err != nil {
		t.Fatal(err)
	}
	return runner.Plan(context.Background(), pb, inputs)
}

// changesByBucket indexes a step's changes by bucket.
func changesByBucket(step *StepRecord) map[string]actions.Change {
	out := map[string]actions.Change{}
	for _, c := range step.Changes {
		out[c.Bucket] = c
	}
	return out
}

func TestPlanHeadlineCountsAndChangesNothing(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	prefix, versioned, plain, keep := seedHeadline(t, srv)
	proxy := srv.Record(t)
	runner := newTestRunner(srv)
	runner.Env.EndpointURL = proxy.Endpoint

	rec := planHeadline(t, runner, prefix)
	if rec.Status != actions.Succeeded {
		t.Fatalf("plan status = %s; steps: %v", rec.Status, stepSummary(rec))
	}
	if proxy.Count() == 0 {
		t.Error("no request went through the recording proxy")
	}
	if writes := proxy.Writes(); len(writes) != 0 {
		t.Errorf("the plan sent state-changing requests: %v", writes)
	}

	empty := changesByBucket(rec.Steps[1])
	if len(empty) != 2 {
		t.Errorf("empty step changes = %+v, want the two prefixed buckets", rec.Steps[1].Changes)
	}
	for _, bucket := range []string{versioned, plain} {
		versions, markers := srv.CountVersions(t, bucket)
		counts := empty[bucket].Counts
		if counts == nil {
			t.Errorf("no planned delete for bucket %s", bucket)
			continue
		}
		if counts.Versions != int64(versions) || counts.DeleteMarkers != int64(markers) {
			t.Errorf("bucket %s: plan counts %d versions and %d delete markers, the listing "+
				"shows %d and %d", bucket, counts.Versions, counts.DeleteMarkers, versions, markers)
		}
	}
	if c := empty[versioned].Counts; c != nil && (c.Versions != 9 || c.DeleteMarkers != 2 || c.Uploads != 1) {
		t.Errorf("bucket %s counts = %+v, want 9 versions, 2 delete markers, 1 upload",
			versioned, *c)
	}
	if c := empty[plain].Counts; c != nil && c.Versions != 2500 {
		t.Errorf("bucket %s counts = %+v, want 2,500 versions", plain, *c)
	}

	deleted := changesByBucket(rec.Steps[2])
	for _, bucket := range []string{versioned, plain} {
		if _, ok := deleted[bucket]; !ok {
			t.Errorf("bucket %s is not predicted as deleted; changes %+v", bucket,
				rec.Steps[2].Changes)
		}
	}
	if _, ok := deleted[keep]; ok {
		t.Errorf("bucket %s is predicted as deleted", keep)
	}

	for _, bucket := range []string{versioned, plain, keep} {
		if !srv.BucketExists(t, bucket) {
			t.Errorf("bucket %s is gone after the plan", bucket)
		}
	}
	if v, m := srv.CountVersions(t, versioned); v != 9 || m != 2 {
		t.Errorf("after the plan %s has %d versions and %d delete markers, want 9 and 2",
			versioned, v, m)
	}
	if v, _ := srv.CountVersions(t, plain); v != 2500 {
		t.Errorf("after the plan %s has %d objects, want 2,500", plain, v)
	}
}

func TestPlanMatchesPlanOfSameState(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	prefix, _, _, _ := seedHeadline(t, srv)
	runner := newTestRunner(srv)

	first := planHeadline(t, runner, prefix)
	second := planHeadline(t, runner, prefix)
	if diffs := ComparePlans(first, second); diffs != nil {
		t.Errorf("two plans of the same state differ: %q", diffs)
	}

	extra := prefix + "x"
	srv.CreateBucket(t, extra)
	third := planHeadline(t, runner, prefix)
	diffs := ComparePlans(first, third)
	want := []string{
		"step empty has a new target: delete nothing, in bucket " + extra,
		"step delete has a new target: delete bucket " + extra,
	}
	if len(diffs) != len(want) {
		t.Fatalf("differences = %q, want %q", diffs, want)
	}
	for i := range want {
		if diffs[i] != want[i] {
			t.Errorf("difference %d = %q, want %q", i, diffs[i], want[i])
		}
	}
}
