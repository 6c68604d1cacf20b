// Package serve runs playbooks on their schedules, records every run and
// every skipped run in the history, and serves health, Prometheus metrics
// and recent runs over HTTP on a loopback address.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/history"
)

// DefaultStopTimeout is how long Wait gives canceled runs to record
// themselves before it returns.
const DefaultStopTimeout = 10 * time.Second

// Config is the configuration of a Server.
type Config struct {
	Folder *Folder // from LoadFolder, with at least one job
	// Listen is the loopback address of the HTTP endpoints, such as
	// 127.0.0.1:9310. Port 0 picks a free port.
	Listen string
	// Store receives every run and skip. Start does not close it.
	Store *history.Store
	// NewRunner returns a runner with its connector and connection layers
	// set, once per run. Serve sets its Log and Observer.
	NewRunner   func() *engine.Runner
	Log         *slog.Logger
	Clock       Clock         // nil means the wall clock
	StopTimeout time.Duration // 0 means DefaultStopTimeout
	// KeepHistory, when positive, is the age beyond which the runs and
	// skips that serve recorded are deleted after each recorded run.
	// Entries of `s3play run` are kept.
	KeepHistory time.Duration
}

// Server is a running scheduler with its HTTP endpoints.
type Server struct {
	cfg     Config
	clock   Clock
	log     *slog.Logger
	metrics *metrics
	http    *http.Server
	addr    string

	loops   sync.WaitGroup // one schedule loop per job
	runs    sync.WaitGroup // runs going now
	httpErr chan error
	stopped chan struct{} // closed when ctx is done and the loops have returned

	waitOnce sync.Once
	waitErr  error
}

// Start listens on cfg.Listen and starts every job's schedule. The jobs
// run until ctx is done; Wait then waits for the runs to record
// themselves as canceled.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Folder == nil || len(cfg.Folder.Jobs) == 0 {
		return nil, errors.New("no playbook to schedule")
	}
	if cfg.Store == nil || cfg.NewRunner == nil {
		return nil, errors.New("serve: Config.Store and Config.NewRunner are required")
	}
	s := &Server{cfg: cfg, clock: cfg.Clock, log: cfg.Log, metrics: newMetrics(),
		httpErr: make(chan error, 1), stopped: make(chan struct{})}
	if s.clock == nil {
		s.clock = systemClock{}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.cfg.StopTimeout == 0 {
		s.cfg.StopTimeout = DefaultStopTimeout
	}
	if err := s.listen(ctx); err != nil {
		return nil, err
	}
	s.log.Info("serve started", keyListen, s.addr, keyPlaybooks, len(cfg.Folder.Jobs))
	for _, job := range cfg.Folder.Jobs {
		s.metrics.addPlaybook(job.Playbook.Name)
		s.loops.Add(1)
		go s.loop(ctx, job)
	}
	go func() {
		<-ctx.Done()
		s.loops.Wait()
		close(s.stopped)
	}()
	return s, nil
}

// Addr returns the address the HTTP endpoints listen on, as host:port.
func (s *Server) Addr() string { return s.addr }

// Wait blocks until the context given to Start is done, then waits up to
// the stop timeout for the runs going on to end and be recorded, and stops
// the HTTP endpoints. It returns an error when a run did not end in time.
// Later calls return the first call's result.
func (s *Server) Wait() error {
	s.waitOnce.Do(func() { s.waitErr = s.stop() })
	return s.waitErr
}

func (s *Server) stop() error {
	<-s.stopped
	s.log.Info("serve stopping: waiting for runs to end")
	runsDone := make(chan struct{})
	go func() {
		s.runs.Wait()
		close(runsDone)
	}()
	var err error
	select {
	case <-runsDone:
	case <-time.After(s.cfg.StopTimeout):
		err = fmt.Errorf("a run did not end within %s of the stop signal, so its record "+
			"may be missing from the history", s.cfg.StopTimeout)
		s.log.Error("serve stopping without waiting for a run", keyError, err.Error())
	}
	s.shutdownHTTP()
	s.log.Info("serve stopped")
	return err
}
