package refs

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// templateParser splits a string into literal text and {{ }} references.
type templateParser struct {
	src     string
	parts   []part
	literal strings.Builder
}

func (t *templateParser) parse(start int) error {
	for i := start; i < len(t.src); {
		rest := t.src[i:]
		switch {
		case strings.HasPrefix(rest, `\{{`):
			t.literal.WriteString("{{")
			i += 3
		case strings.HasPrefix(rest, "{{"):
			end, err := t.interpolation(i)
			if err != nil {
				return err
			}
			i = end
		default:
			t.literal.WriteByte(t.src[i])
			i++
		}
	}
	t.flush()
	return nil
}

// interpolation parses the {{ }} that starts at src[open] and returns the
// index after its closing braces.
func (t *templateParser) interpolation(open int) (int, error) {
	end, err := closeInterpolation(t.src, open)
	if err != nil {
		return 0, err
	}
	inner := t.src[open+2 : end]
	body := strings.TrimSpace(inner)
	at := open + 2 + len(inner) - len(strings.TrimLeftFunc(inner, unicode.IsSpace))
	if body == "" {
		return 0, syntaxErrorf(open, `empty {{ }}: write a reference such as {{ $.inputs.name }}, `+
			`or escape a literal {{ as \{{`)
	}
	if !strings.HasPrefix(body, "$") {
		return 0, syntaxErrorf(at, "a reference starts with $: write {{ $.%s }}, "+
			`or escape a literal {{ as \{{`, body)
	}
	ref, err := parseRef(body, at, false)
	if err != nil {
		return 0, err
	}
	t.flush()
	t.parts = append(t.parts, part{ref: ref})
	return end + 2, nil
}

// closeInterpolation returns the index of the }} that closes the {{ at
// src[open]. Braces, brackets and strings inside are skipped.
func closeInterpolation(src string, open int) (int, error) {
	depth := 0
	for i := open + 2; i < len(src); i++ {
		switch c := src[i]; {
		case depth == 0 && strings.HasPrefix(src[i:], "}}"):
			return i, nil
		case isQuote(c):
			end, err := skipQuoted(src, i)
			if err != nil {
				return 0, err
			}
			i = end - 1
		case c == '[' || c == '(' || c == '{':
			depth++
		case c == ']' || c == ')' || c == '}':
			depth--
		}
	}
	return 0, syntaxErrorf(open, `unclosed {{: close it with }}, or escape a literal {{ as \{{`)
}

func (t *templateParser) flush() {
	if t.literal.Len() > 0 {
		t.parts = append(t.parts, part{text: t.literal.String()})
		t.literal.Reset()
	}
}

// value builds the Value. A string that is one {{ }} with only spaces
// around it keeps the type of what the reference selects, like a
// whole-value reference.
func (t *templateParser) value() *Value {
	v := &Value{src: t.src, parts: t.parts}
	var ref *Ref
	for _, p := range t.parts {
		switch {
		case p.ref == nil && strings.TrimSpace(p.text) == "":
		case p.ref != nil && ref == nil:
			ref = p.ref
		default:
			return v
		}
	}
	if ref != nil {
		v.whole, v.parts = true, []part{{ref: ref}}
	}
	return v
}

// parseRef parses a reference with an optional ?? default. src is trimmed
// and starts with $. offset is the position of src in the parsed string.
// whole marks a whole-value reference, whose path errors also say how to
// write literal text that starts with $.
func parseRef(src string, offset int, whole bool) (*Ref, error) {
	pathSrc, defaultSrc, defaultAt, hasDefault := splitDefault(src)
	path, err := CompilePath(pathSrc)
	if err != nil {
		err = shiftError(err, offset)
		var se *SyntaxError
		if whole && errors.As(err, &se) {
			se.Message += `; to write literal text that starts with $, escape it as \$`
		}
		return nil, err
	}
	ref := &Ref{Path: path, Source: src, Offset: offset, HasDefault: hasDefault}
	if hasDefault {
		ref.Default, err = parseDefault(defaultSrc, offset+defaultAt)
		if err != nil {
			return nil, err
		}
	}
	return ref, nil
}

// splitDefault splits src at the last " ??" that is outside strings and
// brackets and is followed by a space or the end of src.
func splitDefault(src string) (path, def string, defaultAt int, ok bool) {
	split := -1
	depth := 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case isQuote(c):
			end, err := skipQuoted(src, i)
			if err != nil {
				return src, "", 0, false
			}
			i = end - 1
		case c == '[' || c == '(' || c == '{':
			depth++
		case c == ']' || c == ')' || c == '}':
			depth--
		case depth == 0 && strings.HasPrefix(src[i:], " ??") &&
			(i+3 == len(src) || src[i+3] == ' '):
			split = i
		}
	}
	if split < 0 {
		return src, "", 0, false
	}
	rest := src[split+3:]
	defaultAt = split + 3 + len(rest) - len(strings.TrimLeft(rest, " "))
	return strings.TrimSpace(src[:split]), strings.TrimSpace(rest), defaultAt, true
}

// parseDefault decodes a JSON default; numbers become float64 as in the
// run document.
func parseDefault(src string, offset int) (any, error) {
	if src == "" {
		return nil, syntaxErrorf(offset, `missing default after ??: write a JSON value, `+
			`such as "none", 0, true, null or []`)
	}
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		r, _ := utf8.DecodeRuneInString(src)
		if unicode.IsLetter(r) {
			return nil, syntaxErrorf(offset, `invalid default %s: write text in double quotes, `+
				`as in "%s"`, src, src)
		}
		return nil, syntaxErrorf(offset, `invalid default %s: write a JSON value, such as "none", `+
			`0, true, null or []`, src)
	}
	return v, nil
}
