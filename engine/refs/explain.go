package refs

import (
	"fmt"
	"strconv"
)

// noMatch builds the ErrNoMatch error for a path or its definite prefix,
// naming the first selector that found nothing. cause is the library's
// error, used when the walk cannot tell.
func (p *Path) noMatch(doc any, cause error) error {
	reason, ok := explainMiss(p.src, p.segs, doc)
	if !ok {
		reason = cause.Error()
	}
	return &NoMatchError{Path: p.src, Reason: reason}
}

// explainMiss walks the leading name and index selectors of a path through
// doc and describes the first one that matches nothing. It returns false
// when it reaches another kind of selector first.
func explainMiss(src string, segs []segment, doc any) (string, bool) {
	current := doc
	for _, s := range segs {
		at := src[:s.start]
		var next any
		var reason string
		switch s.kind {
		case segName:
			next, reason = selectKey(current, s.name, at)
		case segIndex:
			next, reason = selectIndex(current, s.index, at)
		default:
			return "", false
		}
		if reason != "" {
			return reason, true
		}
		current = next
	}
	return "", false
}

func selectKey(v any, key, at string) (any, string) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Sprintf("%s is %s, not a map", at, describe(v))
	}
	next, ok := m[key]
	if !ok {
		return nil, fmt.Sprintf("%s has no key %q", at, key)
	}
	return next, ""
}

// selectIndex follows the library, which reads an index on a map as the
// key of the same digits.
func selectIndex(v any, index int, at string) (any, string) {
	switch t := v.(type) {
	case map[string]any:
		return selectKey(v, strconv.Itoa(index), at)
	case []any:
		if index < 0 {
			return nil, fmt.Sprintf("negative index %d on %s is not supported; "+
				"use a slice such as [%d:]", index, at, index)
		}
		if index >= len(t) {
			return nil, fmt.Sprintf("index %d is out of range: %s has %d items",
				index, at, len(t))
		}
		return t[index], ""
	}
	return nil, fmt.Sprintf("%s is %s, not a list", at, describe(v))
}

// describe names the JSON type of v for messages.
func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a map"
	case []any:
		return "a list"
	case float64, float32, int, int64, int32, uint, uint64, uint32:
		return "a number"
	}
	return fmt.Sprintf("a %T", v)
}
