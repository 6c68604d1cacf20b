package refs

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Get evaluates the path over doc, a JSON-like value (maps, lists, float64,
// string, bool, nil).
//
// A definite path returns the one value it selects, or a *NoMatchError
// (errors.Is ErrNoMatch) when a key is missing, an index is out of range or
// a value on the way is not a map or list. Any other path returns a []any,
// empty but never nil when nothing matches. Its definite part before the
// first indefinite selector must exist, or Get returns ErrNoMatch. A null
// there gives an empty list.
//
// Maps and lists in the result are copies, so a caller may change them
// without changing doc.
func (p *Path) Get(ctx context.Context, doc any) (any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.definite {
		return p.getDefinite(ctx, doc)
	}
	target := doc
	if p.prefix != nil {
		var err error
		if target, err = p.prefix(ctx, doc); err != nil {
			return nil, p.noMatch(doc, err)
		}
	}
	if _, isList := target.([]any); p.ordered != nil && !(p.oneBranch && isList) {
		return p.getOrdered(ctx, doc)
	}
	v, err := p.eval(ctx, doc)
	if err != nil {
		return nil, fmt.Errorf("path %s: %w", p.src, err)
	}
	return copyValue(v), nil
}

func (p *Path) getDefinite(ctx context.Context, doc any) (any, error) {
	v, err := p.eval(ctx, doc)
	if err != nil {
		return nil, p.noMatch(doc, err)
	}
	return copyValue(v), nil
}

type match struct {
	keys  []string
	value any
}

// getOrdered returns the matches in document order: list items by index and
// map entries by key, each value before the values inside it.
func (p *Path) getOrdered(ctx context.Context, doc any) (any, error) {
	v, err := p.ordered(ctx, doc)
	if err != nil {
		return nil, fmt.Errorf("path %s: %w", p.src, err)
	}
	byLocation, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("path %s: unexpected %T from the JSONPath library", p.src, v)
	}
	matches := make([]match, 0, len(byLocation))
	for location, value := range byLocation {
		keys, err := parseLocation(location)
		if err != nil {
			return nil, fmt.Errorf("path %s: %w", p.src, err)
		}
		matches = append(matches, match{keys: keys, value: value})
	}
	sort.Slice(matches, func(i, j int) bool { return lessKeys(matches[i].keys, matches[j].keys) })
	out := make([]any, len(matches))
	for i, m := range matches {
		out[i] = copyValue(m.value)
	}
	return out, nil
}

// parseLocation splits a match location such as $["Contents"]["0"], which
// the library builds from the keys that each wildcard matched.
func parseLocation(location string) ([]string, error) {
	rest, ok := strings.CutPrefix(location, "$")
	var keys []string
	for ok && rest != "" {
		var quoted, key string
		quoted, ok = cutBracketed(rest)
		if ok {
			key, ok = unquoteOK(quoted)
			rest = rest[len(quoted)+2:]
			keys = append(keys, key)
		}
	}
	if !ok {
		return nil, fmt.Errorf("unexpected match location %q from the JSONPath library", location)
	}
	return keys, nil
}

// cutBracketed returns the quoted string in ["..."] at the start of s.
func cutBracketed(s string) (string, bool) {
	if !strings.HasPrefix(s, "[") {
		return "", false
	}
	quoted, err := strconv.QuotedPrefix(s[1:])
	if err != nil || !strings.HasPrefix(s[1+len(quoted):], "]") {
		return "", false
	}
	return quoted, true
}

func unquoteOK(quoted string) (string, bool) {
	s, err := strconv.Unquote(quoted)
	return s, err == nil
}

// lessKeys orders match locations so that a value comes before the values
// inside it and list indexes compare as numbers.
func lessKeys(a, b []string) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return lessKey(a[i], b[i])
		}
	}
	return len(a) < len(b)
}

func lessKey(a, b string) bool {
	aIndex, bIndex := isIndexKey(a), isIndexKey(b)
	switch {
	case aIndex && bIndex && len(a) != len(b):
		return len(a) < len(b)
	case aIndex != bIndex:
		return aIndex
	}
	return a < b
}

// isIndexKey reports whether k is a decimal list index without leading
// zeros. Map keys of that form also sort as numbers, which keeps the order
// deterministic.
func isIndexKey(k string) bool {
	if k == "" || (k[0] == '0' && len(k) > 1) {
		return false
	}
	for _, c := range []byte(k) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// copyValue returns a deep copy of the maps and lists in v. Other values
// are immutable or not JSON-like, and pass through.
func copyValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = copyValue(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = copyValue(e)
		}
		return out
	}
	return v
}
