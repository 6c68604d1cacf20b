package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/s3play/s3play/actions"
)

// ReadPlanFile reads a plan that `s3play plan --out` wrote.
func ReadPlanFile(path string) (*Record, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("read plan %s: the file does not exist; write a plan with "+
			"`s3play plan --out FILE` and pass that file", path)
	case err != nil:
		return nil, fmt.Errorf("read plan %s: %w", path, err)
	}
	var rec Record
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, fmt.Errorf("read plan %s: invalid JSON: %w", path, err)
	}
	if rec.Mode != ModePlan {
		return nil, fmt.Errorf("%s is not a plan (its mode is %q); write one with "+
			"`s3play plan --out FILE`", path, rec.Mode)
	}
	return &rec, nil
}

// ComparePlans returns how a new plan differs from an approved one, one
// sentence per difference, or nil when they match. They match when they
// come from the same playbook file, inputs and connection, and when every
// state-changing step has the same targets. Targets are the same when the
// changes have the same identities (kind, buckets, keys, local path) and
// each has the same counts and bytes. For policies and public access
// blocks, the settings after the change must be the same too.
func ComparePlans(approved, current *Record) []string {
	var diffs []string
	if approved.PlaybookSHA256 != current.PlaybookSHA256 {
		diffs = append(diffs, fmt.Sprintf("the playbook file changed since the plan was made "+
			"(SHA-256 %.12s in the plan, %.12s now)", approved.PlaybookSHA256,
			current.PlaybookSHA256))
	}
	diffs = append(diffs, compareInputs(approved.Inputs, current.Inputs)...)
	if a, c := comparableConnection(approved), comparableConnection(current); a != c {
		diffs = append(diffs, fmt.Sprintf("the connection differs: %s in the plan, %s now",
			canonicalJSON(a), canonicalJSON(c)))
	}
	for _, id := range stepIDs(approved, current) {
		diffs = append(diffs, compareChanges(id, stepChanges(approved, id),
			stepChanges(current, id))...)
	}
	return diffs
}

// comparableConnection drops a role session name that was generated from
// the record's run id: a plan and the run it approves always have
// different run ids, so that name can never match.
func comparableConnection(rec *Record) ConnectionSummary {
	c := rec.Connection
	if c.RoleSessionName == actions.SessionNameFor(rec.RunID) {
		c.RoleSessionName = ""
	}
	return c
}

func compareInputs(approved, current map[string]any) []string {
	names := make([]string, 0, len(approved)+len(current))
	for name := range approved {
		names = append(names, name)
	}
	for name := range current {
		if _, ok := approved[name]; !ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var diffs []string
	for _, name := range names {
		a, c := canonicalJSON(approved[name]), canonicalJSON(current[name])
		if a != c {
			diffs = append(diffs, fmt.Sprintf("input %s is %s in the plan but %s now", name, a, c))
		}
	}
	return diffs
}

// compareChanges lists the targets of one step that are new, gone or
// different.
func compareChanges(step string, approved, current []actions.Change) []string {
	before := make(map[string]actions.Change, len(approved))
	for _, c := range approved {
		before[c.Identity()] = c
	}
	var diffs []string
	seen := make(map[string]bool, len(current))
	for _, c := range current {
		seen[c.Identity()] = true
		old, ok := before[c.Identity()]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("step %s has a new target: %s", step, c.Describe()))
		case replacedChanged(old, c):
			diffs = append(diffs, replacedChangeText(step, old, c))
		case targetsChanged(old, c):
			diffs = append(diffs, targetsChangeText(step, c))
		case !sameAmount(old, c):
			diffs = append(diffs, fmt.Sprintf("step %s: the plan would %s; now it would %s",
				step, old.Describe(), c.Describe()))
		}
	}
	for _, c := range approved {
		if !seen[c.Identity()] {
			diffs = append(diffs, fmt.Sprintf("step %s no longer has the target: %s", step,
				c.Describe()))
		}
	}
	return diffs
}

// replacedChanged reports whether the change still replaces something, as
// approved, but what it replaces changed since the plan.
func replacedChanged(approved, current actions.Change) bool {
	return approved.Replaces && current.Replaces &&
		canonicalJSON(approved.Before) != canonicalJSON(current.Before)
}

// replacedChangeText describes what changed at a destination since the plan.
func replacedChangeText(step string, approved, current actions.Change) string {
	return fmt.Sprintf("step %s would %s, but what it replaces changed since the plan: "+
		"then %s, now %s", step, current.Describe(), describeReplaced(approved.Before),
		describeReplaced(current.Before))
}

// targetsChanged reports whether an emptying would delete other entries
// than approved although their counts and bytes are the same.
func targetsChanged(approved, current actions.Change) bool {
	return approved.Targets != "" && approved.Targets != current.Targets &&
		canonicalJSON(approved.Counts) == canonicalJSON(current.Counts)
}

// targetsChangeText describes an emptying whose entries changed.
func targetsChangeText(step string, current actions.Change) string {
	return fmt.Sprintf("step %s would %s, but other keys or sizes than the plan showed: "+
		"objects were replaced since the plan", step, current.Describe())
}

// describeReplaced names what a plan saw at a destination: an object's
// ETag and size, or a file's size and modification time.
func describeReplaced(before any) string {
	m, ok := before.(map[string]any)
	if !ok {
		return canonicalJSON(before)
	}
	var parts []string
	if etag, ok := m["ETag"].(string); ok {
		parts = append(parts, "ETag "+etag)
	}
	if size, ok := m["Size"].(float64); ok {
		parts = append(parts, actions.FormatBytes(int64(size)))
	}
	if modified, ok := m["ModTime"].(string); ok {
		parts = append(parts, "modified "+modified)
	}
	return strings.Join(parts, ", ")
}

// sameAmount reports whether the current change of a target does what the
// approved one did. A write that now replaces an object or file does more
// unless the approved plan showed that same one (its ETag and size, or a
// file's size and time) being replaced.
func sameAmount(approved, current actions.Change) bool {
	if current.Replaces && (!approved.Replaces ||
		canonicalJSON(approved.Before) != canonicalJSON(current.Before)) {
		return false
	}
	if approved.Targets != "" && current.Targets != approved.Targets {
		return false
	}
	return canonicalJSON(approved.Counts) == canonicalJSON(current.Counts) &&
		canonicalJSON(approved.After) == canonicalJSON(current.After)
}

// stepIDs returns the ids of both records' steps, in the current order,
// then those only the approved plan has.
func stepIDs(approved, current *Record) []string {
	var ids []string
	for _, s := range current.Steps {
		ids = append(ids, s.ID)
	}
	for _, s := range approved.Steps {
		if !slices.Contains(ids, s.ID) {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

func stepChanges(rec *Record, id string) []actions.Change {
	for _, s := range rec.Steps {
		if s.ID == id {
			return s.Changes
		}
	}
	return nil
}

// canonicalJSON writes v as compact JSON with sorted map keys, so that
// equal values compare equal as text.
func canonicalJSON(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}
