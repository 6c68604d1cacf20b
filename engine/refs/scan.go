package refs

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type segmentKind int

const (
	segName     segmentKind = iota // .name or ["name"]
	segIndex                       // [3]
	segKey                         // any other single key, such as [(@.length-1)]
	segWildcard                    // .* or [*]
	segDescent                     // ..
	segFilter                      // [?(...)]
	segSlice                       // [1:3]
	segUnion                       // [0,2] or ["a","b"]
)

// segment is one selector of a path. The library compiles and runs the
// path, and segments give the structure: Root, Definite, and the reason
// when a definite path matches nothing.
type segment struct {
	kind  segmentKind
	name  string // the decoded name of segName
	index int    // the index of segIndex
	start int    // byte offset of the selector in the path
}

// definite reports whether the segment selects at most one value.
func (s segment) definite() bool {
	return s.kind == segName || s.kind == segIndex || s.kind == segKey
}

// scanPath splits a path into segments. It rejects anything but selectors
// after the $, so that text such as `$.a + 1` or `$.a and more` is an
// error here instead of a gval expression.
func scanPath(src string) ([]segment, error) {
	if !strings.HasPrefix(src, "$") {
		return nil, syntaxErrorf(0, "a path starts with $, as in $.steps.<id>.output")
	}
	var segs []segment
	for i := 1; i < len(src); {
		var next []segment
		var err error
		switch src[i] {
		case '.':
			next, i, err = scanDot(src, i)
		case '[':
			next, i, err = scanBracket(src, i)
		default:
			err = unexpected(src, i)
		}
		if err != nil {
			return nil, err
		}
		segs = append(segs, next...)
	}
	return segs, nil
}

func unexpected(src string, i int) error {
	r, _ := utf8.DecodeRuneInString(src[i:])
	if unicode.IsSpace(r) {
		return syntaxErrorf(i, "unexpected space in path after %s", src[:i])
	}
	return syntaxErrorf(i, "unexpected %q in path: after $, a path has only .name, .*, .., "+
		"and [...] selectors", r)
}

// scanDot reads .name, .*, ..name, ..* or .. before a bracket.
func scanDot(src string, i int) ([]segment, int, error) {
	if !strings.HasPrefix(src[i:], "..") {
		seg, next, err := scanMember(src, i+1)
		return []segment{seg}, next, err
	}
	descent := segment{kind: segDescent, start: i}
	if i+2 < len(src) && src[i+2] == '[' {
		return []segment{descent}, i + 2, nil
	}
	seg, next, err := scanMember(src, i+2)
	return []segment{descent, seg}, next, err
}

// scanMember reads the name or * that follows a dot at src[i].
func scanMember(src string, i int) (segment, int, error) {
	if i < len(src) && src[i] == '*' {
		return segment{kind: segWildcard, start: i - 1}, i + 1, nil
	}
	end := i
	for end < len(src) {
		r, size := utf8.DecodeRuneInString(src[end:])
		if !isIdentRune(r, end-i) {
			break
		}
		end += size
	}
	if end == i {
		return segment{}, 0, syntaxErrorf(i, "expected a name or * after the dot; "+
			`write other keys in brackets, as in ["my-key"]`)
	}
	return segment{kind: segName, name: src[i:end], start: i - 1}, end, nil
}

// isIdentRune matches the names that gval's scanner reads after a dot.
func isIdentRune(r rune, pos int) bool {
	return unicode.IsLetter(r) || r == '_' || (pos > 0 && unicode.IsDigit(r))
}

// scanBracket reads the bracket selector that starts at src[i].
func scanBracket(src string, i int) ([]segment, int, error) {
	end, err := matchClose(src, i)
	if err != nil {
		return nil, 0, err
	}
	inner := strings.TrimSpace(src[i+1 : end])
	seg := segment{kind: segKey, start: i}
	switch {
	case inner == "":
		return nil, 0, syntaxErrorf(i, "empty brackets: write a key, index, * or filter")
	case inner == "*":
		seg.kind = segWildcard
	case inner[0] == '?':
		seg.kind = segFilter
	case isQuotedString(inner):
		seg.kind = segName
		seg.name, err = unquote(inner)
		if err != nil {
			return nil, 0, syntaxErrorf(i+1, "invalid string %s: %v", inner, err)
		}
	case isInteger(inner):
		seg.kind = segIndex
		seg.index, _ = strconv.Atoi(inner)
	case hasTopLevel(inner, ':'):
		seg.kind = segSlice
	case hasTopLevel(inner, ','):
		seg.kind = segUnion
	}
	return []segment{seg}, end + 1, nil
}

// isQuotedString reports whether s is exactly one ' or " string literal.
func isQuotedString(s string) bool {
	if s[0] != '"' && s[0] != '\'' {
		return false
	}
	end, err := skipQuoted(s, 0)
	return err == nil && end == len(s)
}

func isInteger(s string) bool {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || len(digits) > 9 {
		return false
	}
	for _, c := range []byte(digits) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// hasTopLevel reports whether c occurs in s outside strings and brackets.
func hasTopLevel(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == c:
			return true
		case isQuote(s[i]):
			end, err := skipQuoted(s, i)
			if err != nil {
				return false
			}
			i = end - 1
		case s[i] == '[' || s[i] == '(' || s[i] == '{':
			end, err := matchClose(s, i)
			if err != nil {
				return false
			}
			i = end
		}
	}
	return false
}
