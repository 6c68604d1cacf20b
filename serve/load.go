package serve

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
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
	// The others are *FileError values.
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
	var loaded []*Job
	for _, file := range files {
		job, err := loadJob(file)
		switch {
		case err != nil:
			f.Invalid = append(f.Invalid, err)
		case job == nil:
			f.Unscheduled = append(f.Unscheduled, file)
		default:
			loaded = append(loaded, job)
		}
	}
	f.Jobs, f.Invalid = rejectSharedNames(loaded, f.Invalid)
	return f, nil
}

// FileError is a problem with one playbook file that has no line and
// column, such as a playbook name that another file uses too.
type FileError struct {
	File string
	Err  error
}

func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }

func (e *FileError) Unwrap() error { return e.Err }

// rejectSharedNames keeps the jobs whose playbook name no other job has
// and adds a FileError to invalid for each of the others. Every file of a
// shared name is rejected, because history and metrics are kept by name,
// and keeping one of them would depend on how the files sort.
func rejectSharedNames(jobs []*Job, invalid []error) ([]*Job, []error) {
	files := map[string][]string{} // playbook name to the files that use it
	for _, job := range jobs {
		files[job.Playbook.Name] = append(files[job.Playbook.Name], job.Playbook.File)
	}
	var unique []*Job
	for _, job := range jobs {
		name := job.Playbook.Name
		if len(files[name]) == 1 {
			unique = append(unique, job)
			continue
		}
		others := slices.DeleteFunc(slices.Clone(files[name]),
			func(f string) bool { return f == job.Playbook.File })
		invalid = append(invalid, &FileError{File: job.Playbook.File, Err: fmt.Errorf(
			"playbook name %q is also used by %s: give each playbook its own name, "+
				"because history and metrics are kept by name", name, strings.Join(others, ", "))})
	}
	return unique, invalid
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
		return nil, &FileError{File: file, Err: err}
	}
	if err := requireDefaults(pb); err != nil {
		return nil, err
	}
	inputs, err := pb.ResolveInputs(map[string]string{})
	if err != nil {
		return nil, &FileError{File: file, Err: err}
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
		var fileErr *FileError
		switch {
		case errors.As(err, &list):
		case errors.As(err, &fileErr):
			log.Error("playbook invalid, not scheduled", keyFile, fileErr.File, keyError, err.Error())
			continue
		default:
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
