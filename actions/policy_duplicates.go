package actions

import (
	"encoding/json"
	"fmt"
	"strings"
)

// jsonFrame is an object or array being read by checkDuplicateKeys.
type jsonFrame struct {
	path   string
	object bool
	keys   map[string]bool
	index  int    // next element of an array
	key    string // the key whose value comes next, in an object
	expect bool   // in an object: the next string token is a key
}

// checkDuplicateKeys rejects a JSON policy in which an object has the same
// key twice. encoding/json keeps the last value without an error, so
// {"Version": "2012-10-17", "Version": "2008-10-17"} would silently send
// the older version, and the policy sent would differ from what a reader
// of the text expects.
// text must be valid JSON.
func checkDuplicateKeys(text string) error {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var stack []*jsonFrame
	for {
		token, err := dec.Token()
		if err != nil {
			// Token fails only at the end of the text, because the
			// caller checked the syntax.
			return nil
		}
		var parent *jsonFrame
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		if delim, ok := token.(json.Delim); ok && (delim == '}' || delim == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		if parent != nil && parent.object && parent.expect {
			key := token.(string)
			if parent.keys[key] {
				return fmt.Errorf("policy has the key %q twice in %s; remove one, because "+
					"only one of the values would be sent", key, describePath(parent.path))
			}
			parent.keys[key], parent.key, parent.expect = true, key, false
			continue
		}

		path := valuePath(parent)
		if delim, ok := token.(json.Delim); ok {
			frame := &jsonFrame{path: path, object: delim == '{', expect: delim == '{'}
			if frame.object {
				frame.keys = map[string]bool{}
			}
			stack = append(stack, frame)
		}
	}
}

// valuePath returns the path of the value that comes next in parent, and
// moves parent on to the element or key after it.
func valuePath(parent *jsonFrame) string {
	switch {
	case parent == nil:
		return ""
	case parent.object:
		parent.expect = true
		return joinPath(parent.path, parent.key)
	}
	path := fmt.Sprintf("%s[%d]", parent.path, parent.index)
	parent.index++
	return path
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func describePath(path string) string {
	if path == "" {
		return "the policy document"
	}
	return "policy " + path
}
