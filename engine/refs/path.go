package refs

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/PaesslerAG/gval"
	"github.com/PaesslerAG/jsonpath"
)

// language is JSONPath inside gval's full language, so that filters can use
// >, >=, &&, || and !, which the jsonpath package's own language rejects.
// The placeholder extension provides the {#: path} form that ordered
// evaluation needs. null is the JSON null in filters.
var language = gval.NewLanguage(
	gval.Full(),
	jsonpath.PlaceholderExtension(),
	gval.Constant("null", nil),
)

// Path is a compiled JSONPath in the s3play dialect. It is safe for
// concurrent use.
type Path struct {
	src      string
	segs     []segment
	definite bool

	eval gval.Evaluable // the whole path, as the library runs it
	// prefix selects the definite part before the first indefinite
	// selector, so that a missing key there is ErrNoMatch rather than an
	// empty list. It is nil when that part is just $.
	prefix gval.Evaluable
	// ordered is {#: path}, which returns each match keyed by where it was
	// found. It is set for paths that can iterate a map, because the
	// library visits map entries in Go's random order.
	ordered gval.Evaluable
	// oneBranch is set when the only indefinite selector is a wildcard or
	// filter right after the prefix. When the prefix selects a list, the
	// library's own result is then in order, and sorting is skipped.
	oneBranch bool
}

// CompilePath compiles a JSONPath. A malformed path is a *SyntaxError with
// the offset of the problem in src.
func CompilePath(src string) (*Path, error) {
	segs, err := scanPath(src)
	if err != nil {
		return nil, err
	}
	p := &Path{src: src, segs: segs, definite: true}
	if p.eval, err = compileGval(src, ""); err != nil {
		return nil, err
	}
	first := firstIndefinite(segs)
	if first < 0 {
		return p, nil
	}
	p.definite = false
	if start := segs[first].start; start > 1 {
		if p.prefix, err = compileGval(src[:start], ""); err != nil {
			return nil, err
		}
	}
	if needsOrdering(segs) {
		if p.ordered, err = compileGval(src, "{#: "); err != nil {
			return nil, err
		}
		kind := segs[first].kind
		p.oneBranch = (kind == segWildcard || kind == segFilter) &&
			firstIndefinite(segs[first+1:]) < 0
	}
	return p, nil
}

func firstIndefinite(segs []segment) int {
	for i, s := range segs {
		if !s.definite() {
			return i
		}
	}
	return -1
}

func needsOrdering(segs []segment) bool {
	for _, s := range segs {
		if s.kind == segWildcard || s.kind == segDescent || s.kind == segFilter {
			return true
		}
	}
	return false
}

// compileGval compiles src with single quotes normalized. When wrap is set,
// src is compiled as the value of a one-entry object {#: src}.
func compileGval(src, wrap string) (gval.Evaluable, error) {
	normal, offsets := normalizeQuotes(src)
	text := normal
	if wrap != "" {
		text = wrap + normal + "}"
	}
	eval, err := language.NewEvaluable(text)
	if err == nil {
		return eval, nil
	}
	at, msg := gvalErrorPosition(err, text)
	at -= len(wrap)
	offset := 0
	if at >= 0 && at < len(offsets) {
		offset = offsets[at]
	} else if at >= len(offsets) {
		offset = len(src)
	}
	return nil, syntaxErrorf(offset, "invalid JSONPath %s: %s", src, msg)
}

// gvalPosition matches the position in gval's parse errors, which have the
// form "parsing error: <text>\t:<line>:<column> - <line>:<column> <cause>"
// (gval v1.2.4). The first position is missing when no token was read.
var gvalPosition = regexp.MustCompile(`^(?::(\d+):(\d+))? - (\d+):(\d+) `)

// gvalErrorPosition returns the byte offset in text that a gval parse error
// points at, and the error's cause. The offset is 0 when the error has an
// unknown form.
func gvalErrorPosition(err error, text string) (int, string) {
	cause := err.Error()
	if inner := errors.Unwrap(err); inner != nil {
		cause = inner.Error()
	}
	rest := strings.TrimPrefix(err.Error(), "parsing error: "+text+"\t")
	m := gvalPosition.FindStringSubmatch(rest)
	if m == nil {
		return 0, cause
	}
	line, col := m[1], m[2]
	if line == "" {
		line, col = m[3], m[4]
	}
	l, _ := strconv.Atoi(line)
	c, _ := strconv.Atoi(col)
	return runeOffset(text, l, c), cause
}

// runeOffset converts a 1-based line and rune column to a byte offset.
func runeOffset(text string, line, col int) int {
	offset := 0
	for ; line > 1; line-- {
		nl := strings.IndexByte(text[offset:], '\n')
		if nl < 0 {
			return len(text)
		}
		offset += nl + 1
	}
	for ; col > 1 && offset < len(text); col-- {
		_, size := utf8.DecodeRuneInString(text[offset:])
		offset += size
	}
	return offset
}

// String returns the path as written.
func (p *Path) String() string { return p.src }

// Definite reports whether the path has no wildcard, filter, slice, union
// or recursive descent, so that it selects at most one value.
func (p *Path) Definite() bool { return p.definite }

// Root returns the plain names at the start of the path, up to the first
// selector of another kind: ["steps", "x", "output", "Buckets"] for both
// $.steps.x.output.Buckets[*] and $["steps"]["x"].output.Buckets[*].
func (p *Path) Root() []string {
	var names []string
	for _, s := range p.segs {
		if s.kind != segName {
			break
		}
		names = append(names, s.name)
	}
	return names
}
