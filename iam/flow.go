package iam

import (
	"regexp"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// succeededItems matches a reference to the for_each items of an earlier
// step that succeeded, the way playbooks/delete-buckets-with-prefix.yaml
// passes the buckets it emptied to s3.delete_buckets. An item succeeds only
// after the step's condition held for it, so these items obey that
// condition.
var succeededItems = regexp.MustCompile(`^\$\.steps\.([A-Za-z_][A-Za-z0-9_]*)\.items` +
	`\[\?\(@\.status\s*==\s*(?:"Succeeded"|'Succeeded')\)\]\.item$`)

// earlierItems returns the buckets a parameter can name when its value is
// exactly the succeeded items of an earlier loop step: the step's for_each
// list when that is known, else the names its condition admits.
func (b *builder) earlierItems(s *engine.Step, param string, rt *engine.RunTimeError) (
	[]resource, *engine.Step, bool) {
	if len(rt.Refs) != 1 || len(rt.MissingInputs) > 0 {
		return nil, nil, false
	}
	m := succeededItems.FindStringSubmatch(rt.Refs[0])
	if m == nil || !selectsItems(s.With[param], m[1]) {
		return nil, nil, false
	}
	loop := b.stepByID(m[1])
	if loop == nil || loop.ForEach == nil {
		return nil, nil, false
	}
	if names, ok := b.knownItems(loop); ok {
		out := make([]resource, len(names))
		for i, name := range names {
			out[i] = bucketResource(name, false)
		}
		return out, loop, true
	}
	if prefix, ok := b.whenPrefix(loop); ok {
		return []resource{bucketResource(prefix, true)}, loop, true
	}
	return nil, nil, false
}

// selectsItems reports whether the argument's value is exactly the item
// values the reference selects, with no text around them.
func selectsItems(arg *engine.Arg, step string) bool {
	if arg == nil {
		return false
	}
	items := []any{map[string]any{"status": "Succeeded", "item": itemProbe}}
	doc := map[string]any{"inputs": map[string]any{},
		"steps": map[string]any{step: map[string]any{"items": items}}}
	v, err := arg.Static(doc)
	if err != nil {
		return false
	}
	list, ok := v.([]string)
	return ok && len(list) == 1 && list[0] == itemProbe
}

// knownItems returns a loop step's for_each list when it is known before
// the run and every entry is a valid bucket name.
func (b *builder) knownItems(loop *engine.Step) ([]string, bool) {
	v, err := loop.ForEach.Static(map[string]any{"inputs": b.inputs})
	list, ok := v.([]any)
	if err != nil || !ok {
		return nil, false
	}
	names := make([]string, len(list))
	for i, item := range list {
		name, isText := item.(string)
		if !isText || actions.CheckBucketName(name) != nil {
			return nil, false
		}
		names[i] = name
	}
	return names, true
}

func (b *builder) stepByID(id string) *engine.Step {
	for _, s := range b.pb.Steps {
		if s.ID == id {
			return s
		}
	}
	return nil
}
