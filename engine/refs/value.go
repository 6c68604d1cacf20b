package refs

import (
	"context"
	"errors"
	"strings"
	"unicode"
)

// Value is one YAML string scalar, parsed for references. It is safe for
// concurrent use.
type Value struct {
	src string
	// whole is set when one reference is the entire value, which keeps the
	// type of what it selects.
	whole bool
	parts []part
}

// part is literal text or one reference.
type part struct {
	text string
	ref  *Ref
}

// Ref is one reference in a Value.
type Ref struct {
	Path       *Path
	Default    any    // the JSON value after ??, when HasDefault
	HasDefault bool   // whether the reference has a ?? default
	Source     string // the reference as written, without {{ }}
	Offset     int    // byte offset of the reference's $ in the parsed string
}

// ParseString parses a string scalar for references. A malformed
// reference is a *SyntaxError with the offset of the problem in s.
func ParseString(s string) (*Value, error) {
	body := strings.TrimSpace(s)
	lead := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
	if startsReference(body) {
		ref, err := parseRef(body, lead, true)
		if err != nil {
			return nil, err
		}
		return &Value{src: s, whole: true, parts: []part{{ref: ref}}}, nil
	}
	t := templateParser{src: s}
	start := 0
	if strings.HasPrefix(body, `\`) && startsReference(body[1:]) {
		// A leading \ before what would be a reference is an escape.
		t.literal.WriteString(s[:lead])
		start = lead + 1
	}
	if err := t.parse(start); err != nil {
		return nil, err
	}
	return t.value(), nil
}

// startsReference reports whether s, trimmed, is written as a whole-value
// reference: $ alone, or $ followed by . or [.
func startsReference(s string) bool {
	return s == "$" || strings.HasPrefix(s, "$.") || strings.HasPrefix(s, "$[")
}

// IsLiteral reports whether the value has no references.
func (v *Value) IsLiteral() bool {
	for _, p := range v.parts {
		if p.ref != nil {
			return false
		}
	}
	return true
}

// Literal returns the unescaped text of a value without references. For a
// value with references it returns the string as written.
func (v *Value) Literal() string {
	if !v.IsLiteral() {
		return v.src
	}
	var b strings.Builder
	for _, p := range v.parts {
		b.WriteString(p.text)
	}
	return b.String()
}

// IsWholeReference reports whether the value is one reference and nothing
// else, so that Eval returns what the path selects with its type. Any other
// value with references evaluates to text.
func (v *Value) IsWholeReference() bool { return v.whole }

// Refs returns every reference in the value, in order.
func (v *Value) Refs() []*Ref {
	var refs []*Ref
	for _, p := range v.parts {
		if p.ref != nil {
			refs = append(refs, p.ref)
		}
	}
	return refs
}

// Eval resolves the value over doc. A whole-value reference returns what
// its path selects, of any JSON type. Any other value returns a string: the
// literal text with each reference rendered as text.
func (v *Value) Eval(ctx context.Context, doc any) (any, error) {
	if v.whole {
		return v.parts[0].ref.resolve(ctx, doc)
	}
	var b strings.Builder
	for _, p := range v.parts {
		if p.ref == nil {
			b.WriteString(p.text)
			continue
		}
		val, err := p.ref.resolve(ctx, doc)
		if err != nil {
			return nil, err
		}
		text, err := p.ref.render(val)
		if err != nil {
			return nil, err
		}
		b.WriteString(text)
	}
	return b.String(), nil
}

// resolve evaluates the reference's path. The default, when there is one,
// replaces a path that matches nothing or selects null.
func (r *Ref) resolve(ctx context.Context, doc any) (any, error) {
	v, err := r.Path.Get(ctx, doc)
	if r.HasDefault && (errors.Is(err, ErrNoMatch) || (err == nil && v == nil)) {
		return copyValue(r.Default), nil
	}
	return v, err
}
