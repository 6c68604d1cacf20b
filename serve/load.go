package serve

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/s3play/s3play/engine"
)

// Job is a playbook that serve runs on its schedule.
type Job struct {
	Playbook *engine.Playbook
	Inputs   map[string]any // the inputs' defaults
	Schedule cron.Schedule

	mu           sync.Mutex
	runningSince time.Time // zero while no run is going
}

// tryStart marks the job as running unless a run is already going, in
// which case it returns false and that run's start time.
func (j *Job) tryStart(now time.Time) (time.Time, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.runningSince.IsZero() {
		return j.runningSince, false
	}
	j.runningSince = now
	return now, true
}

func (j *Job) finish() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.runningSince = time.Time{}
}

// Folder is the result of LoadFolder: the jobs to schedule and the
// playbooks left out.
type Folder struct {
	Jobs []*Job
	// Invalid holds one error per playbook that did not load. Errors from
	// the loader are engine.ErrorList values with file, line and column.
	Invalid []error
	// Unscheduled lists the files of valid playbooks without a schedule.
	Unscheduled []string
}

// LoadFolder loads every *.yaml and *.yml file directly inside dir, in
// name order. Hidden files are ignored.
func LoadFolder(dir string) (*Folder, error) {
	files, err := playbookFiles(dir)
	if err != nil {
		return nil, err
	}
	f := &Folder{}
	names := map[string]string{} // playbook name to its file
	for _, file := range files {
		job, err := loadJob(file)
		switch {
		case err != nil:
			f.Invalid = append(f.Invalid, err)
		case job == nil:
			f.Unscheduled = append(f.Unscheduled, file)
		case names[job.Playbook.Name] != "":
			f.Invalid = append(f.Invalid, fmt.Errorf("%s: playbook name %q is already used by %s; "+
				"history and metrics are kept by name, so names must differ",
				file, job.Playbook.Name, names[job.Playbook.Name]))
		default:
			names[job.Playbook.Name] = file
			f.Jobs = append(f.Jobs, job)
		}
	}
	return f, nil
}

func playbookFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read playbook folder: %w", err)
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		ext := filepath.Ext(name)
		if e.IsDir() || strings.HasPrefix(name, ".") || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		files = append(files, filepath.Join(dir, name))
	}
	sort.Strings(files)
	return files, nil
}

// loadJob loads one playbook. It returns a nil job for a valid playbook
// without a schedule.
func loadJob(file string) (*Job, error) {
	pb, err := engine.LoadFile(file)
	if err != nil {
		return nil, err
	}
	if pb.Schedule == "" {
		return nil, nil
	}
	sched, err := engine.ParseSchedule(pb.Schedule)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if err := requireDefaults(pb); err != nil {
		return nil, err
	}
	inputs, err := pb.ResolveInputs(map[string]string{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &Job{Playbook: pb, Inputs: inputs, Schedule: sched}, nil
}

// requireDefaults reports every required input without a default,
// because scheduled runs get no inputs.
func requireDefaults(pb *engine.Playbook) error {
	var list engine.ErrorList
	for _, in := range pb.Inputs {
		if in.Required && !in.HasDefault {
			list = append(list, &engine.LoadError{Pos: in.Pos, Message: fmt.Sprintf(
				"input %s is required and has no default, but scheduled runs get no inputs; "+
					"give it a default", in.Name)})
		}
	}
	if len(list) > 0 {
		return list
	}
	return nil
}

// LogProblems logs each playbook that will not be scheduled, with every
// error's file, line and column.
func (f *Folder) LogProblems(log *slog.Logger) {
	for _, err := range f.Invalid {
		var list engine.ErrorList
		if !errors.As(err, &list) {
			log.Error("playbook invalid, not scheduled", keyError, err.Error())
			continue
		}
		for _, e := range list {
			log.Error("playbook invalid, not scheduled", keyFile, e.Pos.File, keyError, e.Error())
		}
	}
	for _, file := range f.Unscheduled {
		log.Warn("playbook has no schedule, not scheduled", keyFile, file)
	}
}
