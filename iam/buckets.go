package iam

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// grant adds the resources of one grant: "*" for account-wide actions, and
// the buckets the grant's parameter names for bucket and object actions.
func (b *builder) grant(s *engine.Step, c call, g actions.Grant, params actions.Params,
	unknown map[string]*engine.RunTimeError) error {
	var targets []resource
	for _, action := range g.Actions {
		sc, err := scopeOf(action)
		if err != nil {
			return err
		}
		if sc == scopeAccount {
			b.grants.add(action, resource{scope: scopeAccount, arn: "*"})
			continue
		}
		if sc == scopeRole || g.Bucket == "" {
			return fmt.Errorf("IAM action %s of %s names no bucket parameter", action, s.ActionName)
		}
		if targets == nil {
			targets = b.targets(s, c, g.Bucket, params, unknown[g.Bucket])
		}
		for _, t := range targets {
			if sc == scopeObject {
				t.scope, t.keyPrefix = scopeObject, g.KeyPrefix
			}
			b.grants.add(action, t)
		}
	}
	return nil
}

// targets returns the buckets a parameter names: exact names when they are
// known before the run, else a wildcard with a note.
func (b *builder) targets(s *engine.Step, c call, param string, params actions.Params,
	rt *engine.RunTimeError) []resource {
	if rt != nil {
		return b.wildcard(s, c, param, rt)
	}
	if arg := s.With[param]; arg != nil {
		b.noteDefaults(arg.InputsRead())
	}
	var names []string
	switch val := params[param].(type) {
	case string:
		names = []string{val}
	case []string:
		names = val
	}
	out := make([]resource, len(names))
	for i, name := range names {
		out[i] = bucketResource(name, false)
	}
	return out
}

// noteDefaults notes the inputs a resource took from the playbook's
// defaults, because a run with other values needs another policy.
func (b *builder) noteDefaults(inputs []string) {
	for _, name := range inputs {
		if b.defaulted[name] {
			b.note("input %s is not given, so the policy uses its default %s; pass "+
				"--input %s=VALUE for another value", name, quote(b.inputs[name]), name)
		}
	}
}

func quote(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

// wildcard returns the buckets a parameter known only at run time may
// name. When the parameter is the for_each item and the condition is
// `item startsWith P` with P known, these are the buckets whose names start
// with P, and the same holds for the succeeded items of such a step.
// Otherwise they are every bucket.
func (b *builder) wildcard(s *engine.Step, c call, param string,
	rt *engine.RunTimeError) []resource {
	if c.unknownItem && len(rt.MissingInputs) == 0 && isItem(s.With[param]) {
		if prefix, ok := b.whenPrefix(s); ok {
			r := bucketResource(prefix, true)
			b.note("step %s: %s is the for_each item, and the condition %q keeps only "+
				"names that start with %q, so its actions are granted on buckets that "+
				"match %s", s.ID, param, s.When.Source(), prefix, r)
			return []resource{r}
		}
	}
	if rs, loop, ok := b.earlierItems(s, param, rt); ok {
		if rs[0].wild {
			b.note("step %s: %s is the items of step %s that succeeded, which passed the "+
				"condition %q, so its actions are granted on buckets that match %s",
				s.ID, param, loop.ID, loop.When.Source(), rs[0])
		}
		return rs
	}
	r := bucketResource("", true)
	if len(rt.Refs) == 0 {
		b.missingInput(rt.MissingInputs, s.ID)
		return []resource{r}
	}
	b.note("step %s: %s %s, so its actions are granted on every bucket (%s)",
		s.ID, param, describe(rt), r)
	return []resource{r}
}

// describe returns why a value is known only at run time.
func describe(rt *engine.RunTimeError) string {
	var parts []string
	if len(rt.Refs) > 0 {
		parts = append(parts, "reads "+strings.Join(rt.Refs, " and ")+", known only at run time")
	}
	for _, name := range rt.MissingInputs {
		parts = append(parts, fmt.Sprintf("reads input %s, which has no value (pass "+
			"--input %s=VALUE for an exact ARN)", name, name))
	}
	return strings.Join(parts, ", and ")
}

// itemProbe replaces a for_each item whose value is known only at run
// time. It is a valid bucket name, so the parameter's checks accept it.
const itemProbe = "s3play-probe-for-each-item"

// isItem reports whether the argument's value is exactly the for_each
// item, as in `bucket: $.item` or `bucket_names: ["{{ $.item }}"]`.
func isItem(arg *engine.Arg) bool {
	if arg == nil {
		return false
	}
	v, err := arg.Static(map[string]any{"inputs": map[string]any{}, "item": itemProbe,
		"index": 0})
	if err != nil {
		return false
	}
	switch val := v.(type) {
	case string:
		return val == itemProbe
	case []string:
		return len(val) > 0 && !slices.ContainsFunc(val, func(s string) bool { return s != itemProbe })
	}
	return false
}

// startsWithItem matches a condition that is only `item startsWith X`, with
// X an input or a quoted string. Any other condition gives no prefix.
var startsWithItem = regexp.MustCompile(
	`^\s*item\s+startsWith\s+(?:inputs\.([A-Za-z_][A-Za-z0-9_]*)|"([^"\\]*)"|'([^'\\]*)')\s*$`)

// bucketPrefixChars are the characters of bucket names. A prefix with any
// other character matches no bucket, and * or ? would be a wildcard.
var bucketPrefixChars = regexp.MustCompile(`^[a-z0-9.-]+$`)

// whenPrefix returns the prefix a step's condition requires of the item.
func (b *builder) whenPrefix(s *engine.Step) (string, bool) {
	if s.When == nil {
		return "", false
	}
	m := startsWithItem.FindStringSubmatch(s.When.Source())
	if m == nil {
		return "", false
	}
	prefix := m[2] + m[3]
	if m[1] != "" {
		v, ok := b.inputs[m[1]].(string)
		if !ok {
			return "", false
		}
		b.noteDefaults([]string{m[1]})
		prefix = v
	}
	return prefix, bucketPrefixChars.MatchString(prefix)
}
