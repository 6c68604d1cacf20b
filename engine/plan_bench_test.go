package engine

import (
	"context"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/s3play/s3play/actions"
)

const benchLoopPlaybook = `
name: loop-10000
steps:
  - id: list
    action: test.list
    with: {count: 10000}
  - id: change
    action: test.change
    for_each: $.steps.list.output.Names
    when: index >= 0 && item != ""
    with: {names: ["{{ $.item }}"]}
`

// BenchmarkPlanLoop10000 plans a for_each over 10,000 items whose
// state-changing action is a fake that sends no request, so it measures
// the engine alone: the loop, conditions, references, predicted results and
// the record. peak-heap-MB is the largest live heap seen while planning.
func BenchmarkPlanLoop10000(b *testing.B) {
	pb, err := Load("bench.yaml", []byte(benchLoopPlaybook))
	if err != nil {
		b.Fatal(err)
	}
	runner := offlineRunner(b)
	stop, peak := sampleHeap()
	b.ReportAllocs()
	for b.Loop() {
		rec := runner.Plan(context.Background(), pb, nil)
		if rec.Status != actions.Succeeded || len(rec.Steps[1].Changes) != 10000 {
			b.Fatalf("plan status = %s with %d changes", rec.Status, len(rec.Steps[1].Changes))
		}
	}
	stop()
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
}

// sampleHeap reads the live heap size every millisecond until stop is
// called; peak returns the largest size seen, in bytes.
func sampleHeap() (stop func(), peak func() uint64) {
	var largest atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		ticker := time.NewTicker(time.Millisecond)
		defer ticker.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > largest.Load() {
				largest.Store(v)
			}
			select {
			case <-done:
				return
			case <-ticker.C:
			}
		}
	}()
	return func() { close(done); <-finished }, largest.Load
}
