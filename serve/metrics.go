package serve

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// metrics are the Prometheus collectors that /metrics exposes. They count
// what this process did since it started; history keeps everything.
type metrics struct {
	registry      *prometheus.Registry
	runs          *prometheus.CounterVec
	skips         *prometheus.CounterVec
	running       *prometheus.GaugeVec
	stepSeconds   *prometheus.HistogramVec
	apiCalls      *prometheus.CounterVec
	retries       *prometheus.CounterVec
	historyErrors prometheus.Counter
}

// runStatuses are the statuses a finished run can have.
var runStatuses = []actions.Status{actions.Succeeded, actions.PartiallySucceeded,
	actions.Failed, engine.Canceled}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "s3play_runs_total",
			Help: "Finished scheduled runs, by playbook and run status.",
		}, []string{"playbook", "status"}),
		skips: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "s3play_runs_skipped_total",
			Help: "Scheduled runs not started because the playbook's previous run was still going.",
		}, []string{"playbook"}),
		running: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "s3play_runs_in_progress",
			Help: "Runs going now, by playbook: 0 or 1.",
		}, []string{"playbook"}),
		stepSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "s3play_step_duration_seconds",
			Help:    "Duration of the steps that ran, skipped steps excluded, in seconds.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600},
		}, []string{"playbook", "step", "action"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "s3play_api_calls_total",
			Help: "AWS API operations started by steps, retries not included.",
		}, []string{"playbook", "step", "action"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "s3play_api_retries_total",
			Help: "Retried AWS API attempts of steps, after throttling or transient errors.",
		}, []string{"playbook", "step", "action"}),
		historyErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "s3play_history_write_errors_total",
			Help: "Runs and skips that could not be written to the history database.",
		}),
	}
	m.registry.MustRegister(m.runs, m.skips, m.running, m.stepSeconds, m.apiCalls,
		m.retries, m.historyErrors, collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// addPlaybook creates the playbook's series at zero, so a dashboard shows
// a scheduled playbook before its first run.
func (m *metrics) addPlaybook(name string) {
	for _, status := range runStatuses {
		m.runs.WithLabelValues(name, string(status))
	}
	m.skips.WithLabelValues(name)
	m.running.WithLabelValues(name)
}

func (m *metrics) stepFinished(playbook string, rec *engine.StepRecord) {
	m.stepSeconds.WithLabelValues(playbook, rec.ID, rec.Action).
		Observe(float64(rec.DurationMS) / 1000)
	// Prometheus counters panic on a negative add, which would lose the
	// run's history entry, so a bad count is dropped instead.
	m.apiCalls.WithLabelValues(playbook, rec.ID, rec.Action).Add(float64(max(rec.APICalls, 0)))
	m.retries.WithLabelValues(playbook, rec.ID, rec.Action).Add(float64(max(rec.Retries, 0)))
}
