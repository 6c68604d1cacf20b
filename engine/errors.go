package engine

import (
	"fmt"
	"sort"
	"strings"
)

// Position is a place in a playbook file. Line and Column start at 1.
type Position struct {
	File string `json:"file"`
	// Line and Column are 0 for a problem with the whole file, such as a
	// file that cannot be read.
	Line   int `json:"line,omitzero"`
	Column int `json:"column,omitzero"`
}

// String renders the position as FILE:LINE:COL, or FILE alone when the
// position has no line.
func (p Position) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// LoadError is one problem found while loading or validating a playbook.
type LoadError struct {
	Pos     Position `json:"position"`
	Message string   `json:"message"`
}

func (e *LoadError) Error() string {
	return e.Pos.String() + ": " + e.Message
}

// ErrorList collects every problem of a playbook so the author can fix them
// all in one pass.
type ErrorList []*LoadError

// Error lists the problems one per line, in file order.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sorted returns the list ordered by line and column.
func (l ErrorList) sorted() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return l
}

// errorSink accumulates load errors for one file.
type errorSink struct {
	file string
	errs ErrorList
	// reported contains each error added, because a mapping merged into
	// several places with `<<` is checked once per place and would
	// otherwise repeat its errors.
	reported map[LoadError]bool
}

func (s *errorSink) add(line, col int, format string, args ...any) {
	e := LoadError{
		Pos:     Position{File: s.file, Line: line, Column: col},
		Message: fmt.Sprintf(format, args...),
	}
	if s.reported[e] {
		return
	}
	if s.reported == nil {
		s.reported = map[LoadError]bool{}
	}
	s.reported[e] = true
	s.errs = append(s.errs, &e)
}

// suggest returns the known name closest to name, or "" when none is close.
func suggest(name string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if d := editDistance(name, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// didYouMean formats a suggestion clause, or the list of known names, or
// returns "" when there are none.
func didYouMean(name string, known []string) string {
	if s := suggest(name, known); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	if len(known) == 0 {
		return ""
	}
	return "; known: " + strings.Join(known, ", ")
}

// didYouMeanInput is didYouMean for input names. For a playbook without
// inputs it returns a clause stating that.
func didYouMeanInput(name string, known []string) string {
	if len(known) == 0 {
		return "; the playbook has no inputs"
	}
	return didYouMean(name, known)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
