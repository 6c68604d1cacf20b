package cli

import (
	"fmt"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// countFields are the output fields summed in a step's text line, in the
// order they are printed, with the label each gets.
var countFields = []struct{ field, one, many string }{
	{"ObjectsDeleted", "object deleted", "objects deleted"},
	{"VersionsDeleted", "version deleted", "versions deleted"},
	{"DeleteMarkersDeleted", "delete marker deleted", "delete markers deleted"},
	{"UploadsAborted", "upload aborted", "uploads aborted"},
	{"KeyCount", "key listed", "keys listed"},
}

// outputCounts sums the count fields of a step's output, or of its items'
// outputs for a loop, and returns them as text parts such as
// "1,204 versions deleted". Fields that are absent or zero are left out.
func outputCounts(rec *engine.StepRecord) []string {
	outputs := []any{rec.Output}
	if len(rec.Items) > 0 {
		outputs = itemOutputs(rec.Items)
	}
	var parts []string
	for _, c := range countFields {
		total, found := 0.0, false
		for _, out := range outputs {
			m, _ := out.(map[string]any)
			if n, ok := m[c.field].(float64); ok {
				total, found = total+n, true
			}
		}
		if found && total > 0 {
			label := c.many
			if total == 1 {
				label = c.one
			}
			parts = append(parts, fmt.Sprintf("%s %s", thousands(int64(total)), label))
		}
	}
	if note := truncatedNote(outputs); note != "" {
		parts = append(parts, note)
	}
	return parts
}

// truncatedNote returns the note for listings cut at max_objects, so that
// a line such as "1,000 keys listed" is not read as every key. It counts
// the outputs that have KeyCount and whose IsTruncated is true, and
// returns "" when there are none.
func truncatedNote(outputs []any) string {
	cut := 0
	for _, out := range outputs {
		m, _ := out.(map[string]any)
		if _, listed := m["KeyCount"]; listed && m["IsTruncated"] == true {
			cut++
		}
	}
	switch {
	case cut == 0:
		return ""
	case len(outputs) == 1:
		return "more remain (IsTruncated)"
	}
	return fmt.Sprintf("more remain in %s (IsTruncated)",
		actions.CountNoun(int64(cut), "listing", "listings"))
}

func itemOutputs(items []actions.Item) []any {
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it.Output
	}
	return out
}

// thousands formats n with comma separators, as in 10,000.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	start := len(s) % 3
	if n < 0 {
		return "-" + thousands(-n)
	}
	out := s[:start]
	for i := start; i < len(s); i += 3 {
		if out != "" {
			out += ","
		}
		out += s[i : i+3]
	}
	return out
}
