package actions

import (
	"fmt"
	"math"
	"strconv"
)

// Type is the type of an action parameter.
type Type int

// Parameter types. Values reach actions as string, []string, bool, int,
// KeyList or, for TypeObject, a plain JSON value (map, list or string).
const (
	TypeString Type = iota
	TypeStringList
	TypeBool
	TypeInt
	TypeObject
	// TypeKeyList is a list of object keys whose entries may also be
	// listing entries, maps with Key, Size and ETag.
	TypeKeyList
)

// String returns the name used in documentation and error messages.
func (t Type) String() string {
	switch t {
	case TypeString:
		return "string"
	case TypeStringList:
		return "list of strings"
	case TypeBool:
		return "boolean"
	case TypeInt:
		return "integer"
	case TypeKeyList:
		return "list of keys or listing entries"
	default:
		return "object"
	}
}

// Param describes one parameter of an action.
type Param struct {
	Name     string
	Type     Type
	Required bool
	Doc      string
	Default  any // used when the parameter is absent; nil means no default
	Min, Max int // inclusive bounds for TypeInt; ignored when both are zero
	// Check validates one value after conversion; for lists it runs on each
	// element. It runs before any network call.
	Check func(string) error
	// CheckObject validates a TypeObject value, a map or a JSON string,
	// before any network call.
	CheckObject func(any) error
}

// Params holds converted parameter values keyed by name.
type Params map[string]any

// String returns a string parameter, or "" when absent.
func (p Params) String(name string) string {
	s, _ := p[name].(string)
	return s
}

// Strings returns a list parameter, or nil when absent. For a TypeKeyList
// parameter it returns the keys.
func (p Params) Strings(name string) []string {
	switch v := p[name].(type) {
	case []string:
		return v
	case KeyList:
		return v.Keys
	}
	return nil
}

// Listed returns what a listing reported about the keys of a TypeKeyList
// parameter that were given as listing entries, or nil.
func (p Params) Listed(name string) map[string]ListedObject {
	l, _ := p[name].(KeyList)
	return l.Listed
}

// Bool returns a boolean parameter, or false when absent.
func (p Params) Bool(name string) bool {
	b, _ := p[name].(bool)
	return b
}

// Int returns an integer parameter, or 0 when absent.
func (p Params) Int(name string) int {
	n, _ := p[name].(int)
	return n
}

// Has reports whether the parameter was given or has a default.
func (p Params) Has(name string) bool {
	_, ok := p[name]
	return ok
}

// Convert turns a plain value (from YAML or a resolved reference) into the
// parameter's Go type and runs its checks. Strings are never reinterpreted:
// "0755" stays "0755".
func (p Param) Convert(v any) (any, error) {
	out, err := p.convertType(v)
	if err != nil {
		return nil, err
	}
	if err := p.check(out); err != nil {
		return nil, err
	}
	return out, nil
}

func (p Param) convertType(v any) (any, error) {
	switch p.Type {
	case TypeString:
		return toString(v)
	case TypeStringList:
		return toStringList(v)
	case TypeKeyList:
		return toKeyList(v)
	case TypeBool:
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("expected true or false, got %s", describe(v))
		}
		return b, nil
	case TypeInt:
		return toInt(v)
	default:
		if v == nil {
			return nil, fmt.Errorf("expected a map or a JSON string, got null")
		}
		return v, nil
	}
}

func (p Param) check(v any) error {
	if p.Type == TypeInt && (p.Min != 0 || p.Max != 0) {
		n := v.(int)
		if n < p.Min || n > p.Max {
			return fmt.Errorf("%d is out of range: use a value from %d to %d", n, p.Min, p.Max)
		}
	}
	if p.Type == TypeObject && p.CheckObject != nil {
		return p.CheckObject(v)
	}
	if p.Check == nil {
		return nil
	}
	switch val := v.(type) {
	case string:
		return p.Check(val)
	case KeyList:
		return p.check(val.Keys)
	case []string:
		for i, s := range val {
			if err := p.Check(s); err != nil {
				return fmt.Errorf("item %d: %w", i, err)
			}
		}
	}
	return nil
}

func toString(v any) (string, error) {
	switch val := v.(type) {
	case string:
		return val, nil
	case float64:
		return strconv.FormatFloat(val, 'f', -1, 64), nil
	case int:
		return strconv.Itoa(val), nil
	case int64:
		return strconv.FormatInt(val, 10), nil
	}
	return "", fmt.Errorf("expected a string, got %s", describe(v))
}

// toStringList accepts a list of strings or numbers. A single string becomes
// a one-item list so that `bucket_names: $.item` works inside for_each.
func toStringList(v any) ([]string, error) {
	switch val := v.(type) {
	case []string:
		return val, nil
	case string:
		return []string{val}, nil
	case []any:
		out := make([]string, len(val))
		for i, e := range val {
			s, err := toString(e)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("expected a list of strings, got %s", describe(v))
}

func toInt(v any) (int, error) {
	switch val := v.(type) {
	case int:
		return val, nil
	case int64:
		return int(val), nil
	case float64:
		if val == math.Trunc(val) && math.Abs(val) < 1<<53 {
			return int(val), nil
		}
	}
	return 0, fmt.Errorf("expected an integer, got %s", describe(v))
}

func describe(v any) string {
	switch val := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(val)
	case bool, float64, int, int64:
		return fmt.Sprintf("%T %v", val, val)
	case []any:
		return "a list"
	case map[string]any:
		return "a map"
	}
	return fmt.Sprintf("%T", v)
}
