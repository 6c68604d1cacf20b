package serve

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/history"
)

// historyTimeout bounds one history write. Writes use a context that is
// not canceled by the stop signal, so a canceled run is still recorded.
const historyTimeout = 10 * time.Second

// loop fires the job at each time of its schedule until ctx is done.
func (s *Server) loop(ctx context.Context, job *Job) {
	defer s.loops.Done()
	name := job.Playbook.Name
	s.log.Info("playbook scheduled", keyPlaybook, name, keyFile, job.Playbook.File,
		keySchedule, job.Playbook.Schedule)
	now := s.clock.Now()
	for {
		next := job.Schedule.Next(now)
		if next.IsZero() {
			s.log.Error("schedule has no next time, so the playbook will not run again",
				keyPlaybook, name, keySchedule, job.Playbook.Schedule)
			return
		}
		if !s.clock.WaitUntil(ctx, next) || ctx.Err() != nil {
			return
		}
		s.trigger(ctx, job, next)
		// A late wake-up skips the times it missed instead of firing them
		// in a burst, as cron does.
		now = s.clock.Now()
		if now.Before(next) {
			now = next
		}
	}
}

// trigger starts a run of the job, or records a skip when its previous
// run is still going: a playbook never runs twice at once.
func (s *Server) trigger(ctx context.Context, job *Job, scheduled time.Time) {
	since, ok := job.tryStart(s.clock.Now())
	if !ok {
		s.recordSkip(job, scheduled, since)
		return
	}
	s.runs.Add(1)
	go func() {
		defer s.runs.Done()
		defer job.finish()
		s.runJob(ctx, job, scheduled)
	}()
}

// runJob runs the playbook with the engine that `s3play run` uses and
// records the run. A run needs no confirmation: putting a playbook in the
// serve folder approves its scheduled runs.
func (s *Server) runJob(ctx context.Context, job *Job, scheduled time.Time) {
	name := job.Playbook.Name
	log := s.log.With(keyPlaybook, name, keyScheduledAt, scheduled.UTC())
	defer func() {
		if r := recover(); r != nil {
			log.Error("run stopped by an internal error; it is not in the history",
				keyError, fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	s.metrics.running.WithLabelValues(name).Inc()
	defer s.metrics.running.WithLabelValues(name).Dec()

	log.Info("run started")
	runner := s.cfg.NewRunner()
	runner.Log = log
	runner.Observer = newObserver(name, s.metrics, log)
	rec := runner.Run(ctx, job.Playbook, job.Inputs)
	s.metrics.runs.WithLabelValues(name, string(rec.Status)).Inc()
	s.save(log, rec)
	attrs := []any{keyRunID, rec.RunID, keyStatus, rec.Status, keyDurationMS, rec.DurationMS,
		keyAPICalls, rec.APICalls, keyRetries, rec.Retries}
	level := slog.LevelInfo
	if rec.Error != "" {
		// An output that failed to evaluate; the steps themselves ran.
		level, attrs = slog.LevelWarn, append(attrs, keyError, rec.Error)
	}
	log.Log(context.Background(), level, "run finished", attrs...)
}

func (s *Server) save(log *slog.Logger, rec *engine.Record) {
	ctx, cancel := context.WithTimeout(context.Background(), historyTimeout)
	defer cancel()
	if err := s.cfg.Store.SaveRun(ctx, history.CommandServe, rec); err != nil {
		s.metrics.historyErrors.Inc()
		log.Error("history write failed", keyRunID, rec.RunID, keyError, err.Error())
	}
	s.prune(ctx)
}

// prune deletes the runs and skips that serve recorded, of any playbook,
// that started longer ago than KeepHistory, when set. Runs of `s3play run`
// in the same state folder are kept, because they are the record of
// manual runs and only `s3play history prune` deletes them. The cutoff
// uses the wall clock, as the start times of recorded runs do.
func (s *Server) prune(ctx context.Context) {
	if s.cfg.KeepHistory <= 0 {
		return
	}
	cutoff := time.Now().Add(-s.cfg.KeepHistory)
	n, err := s.cfg.Store.Prune(ctx, cutoff, history.PruneFilter{Command: history.CommandServe})
	keep := s.cfg.KeepHistory.String()
	switch {
	case err != nil:
		s.metrics.historyErrors.Inc()
		s.log.Error("history prune failed", keyKeepHistory, keep, keyError, err.Error())
	case n > 0:
		s.log.Info("history pruned", keyDeleted, n, keyKeepHistory, keep)
	}
}

func (s *Server) recordSkip(job *Job, scheduled, runningSince time.Time) {
	name := job.Playbook.Name
	s.metrics.skips.WithLabelValues(name).Inc()
	skip := history.Skip{Playbook: name, File: job.Playbook.File, Scheduled: scheduled,
		RunningSince: runningSince}
	ctx, cancel := context.WithTimeout(context.Background(), historyTimeout)
	defer cancel()
	id, err := s.cfg.Store.SaveSkip(ctx, skip)
	log := s.log.With(keyPlaybook, name, keyScheduledAt, scheduled.UTC(),
		keyRunningSince, runningSince.UTC())
	if err != nil {
		s.metrics.historyErrors.Inc()
		log.Error("history write failed", keyError, err.Error())
	}
	log.Warn("run skipped: the previous run is still going", keySkipID, id)
}
