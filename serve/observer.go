package serve

import (
	"log/slog"
	"sync"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// observer feeds one run's steps into the metrics and logs the failures
// the engine catches and does not return.
type observer struct {
	playbook string
	metrics  *metrics
	log      *slog.Logger

	mu      sync.Mutex
	started map[string]bool // step ids that ran, as opposed to being skipped
}

func newObserver(playbook string, m *metrics, log *slog.Logger) *observer {
	return &observer{playbook: playbook, metrics: m, log: log, started: map[string]bool{}}
}

func (o *observer) StepStarted(step *engine.Step) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.started[step.ID] = true
}

func (o *observer) StepFinished(rec *engine.StepRecord) {
	o.mu.Lock()
	ran := o.started[rec.ID]
	o.mu.Unlock()
	if ran {
		o.metrics.stepFinished(o.playbook, rec)
	}
	if rec.Status != actions.Failed && rec.Status != actions.PartiallySucceeded {
		return
	}
	attrs := []any{keyStep, rec.ID, keyAction, rec.Action, keyStatus, rec.Status}
	failed, first := failedItems(rec.Items)
	if failed > 0 {
		attrs = append(attrs, keyFailedItems, failed)
	}
	switch {
	case rec.Error != nil:
		attrs = append(attrs, keyError, rec.Error.Error())
	case first != nil:
		attrs = append(attrs, keyError, first.Error())
	}
	o.log.Warn("step failed", attrs...)
}

// Progress returns nil, because no terminal shows a scheduled run's
// progress.
func (o *observer) Progress(*engine.Step) actions.Progress { return nil }

// failedItems counts the failed items and returns the first one's error,
// so a step with many failed items logs one line.
func failedItems(items []actions.Item) (int, *actions.Failure) {
	n := 0
	var first *actions.Failure
	for _, it := range items {
		if it.Status != actions.Failed {
			continue
		}
		n++
		if first == nil {
			first = it.Error
		}
	}
	return n, first
}
