package refs

import (
	"strconv"
	"strings"
)

// skipQuoted returns the index just after the string literal that starts at
// s[start], which is ', " or `. A backslash escapes the next byte inside '
// and " strings. Backquoted strings have no escapes, as in Go.
func skipQuoted(s string, start int) (int, error) {
	quote := s[start]
	for i := start + 1; i < len(s); i++ {
		switch {
		case s[i] == '\\' && quote != '`':
			i++
		case s[i] == quote:
			return i + 1, nil
		}
	}
	return 0, syntaxErrorf(start, "unterminated string: add the closing %c", quote)
}

func isQuote(c byte) bool { return c == '"' || c == '\'' || c == '`' }

// matchClose returns the index of the byte that closes the bracket at
// s[open], counting (), [] and {} alike and skipping string literals.
func matchClose(s string, open int) (int, error) {
	depth := 0
	for i := open; i < len(s); i++ {
		switch c := s[i]; {
		case isQuote(c):
			end, err := skipQuoted(s, i)
			if err != nil {
				return 0, err
			}
			i = end - 1
		case c == '[' || c == '(' || c == '{':
			depth++
		case c == ']' || c == ')' || c == '}':
			depth--
			if depth == 0 {
				return i, nil
			}
		}
	}
	return 0, syntaxErrorf(open, "unclosed %c", s[open])
}

// normalizeQuotes rewrites each single-quoted string of a path as a
// double-quoted one, because gval reads 'x' as a character and rejects
// longer single-quoted strings. Inside them \' becomes ' and " becomes \".
// offsets maps each byte of the result to its byte offset in src, so that
// errors from gval point into the path as written. src must have no
// unterminated strings.
func normalizeQuotes(src string) (string, []int) {
	var b strings.Builder
	offsets := make([]int, 0, len(src)+2)
	emit := func(text string, at int) {
		b.WriteString(text)
		for range len(text) {
			offsets = append(offsets, at)
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !isQuote(c) {
			emit(src[i:i+1], i)
			continue
		}
		end, err := skipQuoted(src, i)
		if err != nil {
			end = len(src)
		}
		if c != '\'' {
			for j := i; j < end; j++ {
				emit(src[j:j+1], j)
			}
		} else {
			rewriteSingleQuoted(src[:end], i, emit)
		}
		i = end - 1
	}
	return b.String(), offsets
}

// rewriteSingleQuoted emits the single-quoted string src[start:] as a
// double-quoted one.
func rewriteSingleQuoted(src string, start int, emit func(string, int)) {
	emit(`"`, start)
	last := len(src) - 1
	for j := start + 1; j < last; j++ {
		switch {
		case src[j] == '\\' && src[j+1] == '\'':
			emit("'", j)
			j++
		case src[j] == '\\':
			emit(src[j:j+2], j)
			j++
		case src[j] == '"':
			emit(`\"`, j)
		default:
			emit(src[j:j+1], j)
		}
	}
	emit(`"`, last)
}

// unquote decodes a single- or double-quoted string literal with Go's
// escapes, as gval decodes it.
func unquote(lit string) (string, error) {
	if strings.HasPrefix(lit, "'") {
		lit, _ = normalizeQuotes(lit)
	}
	return strconv.Unquote(lit)
}
