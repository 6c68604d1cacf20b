package schema

import (
	"github.com/s3play/s3play/actions"
)

// stepSchema allows the common step keys and, per action, its parameters.
func (g *generator) stepSchema() object {
	var variants []any
	for _, name := range actions.Names() {
		a, _ := actions.Lookup(name)
		variants = append(variants, g.actionVariant(a.Spec()))
	}
	retry := g.pick(object{
		"max_attempts": object{"type": "integer", "minimum": 1, "maximum": actions.MaxAttemptsLimit},
	}, g.keys.Retry, "retry")
	properties := object{
		"id":          object{"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
		"description": object{"type": "string"},
		"action":      object{"enum": actions.Names()},
		"with":        object{"type": "object"},
		"when": object{"type": []string{"string", "boolean"},
			"description": "expr-lang condition; quote values that start with !"},
		"for_each": object{"description": "a list, or a JSONPath reference to one",
			"anyOf": []any{object{"type": "array"}, reference}},
		"on_error":   object{"enum": []string{"fail", "continue"}},
		"retry":      object{"type": "object", "additionalProperties": false, "properties": retry},
		"connection": connectionSchema(g.keys.StepConnection),
		"max_items":  object{"type": "integer", "minimum": 1},
	}
	return object{
		"type":                 "object",
		"required":             []string{"id", "action"},
		"properties":           g.pick(properties, g.keys.Step, "step"),
		"additionalProperties": false,
		"allOf":                variants,
	}
}

// actionVariant constrains `with` when `action` names this action.
func (g *generator) actionVariant(s actions.Spec) object {
	props := object{}
	var required []string
	for _, p := range s.Params {
		props[p.Name] = paramSchema(p)
		if p.Required {
			required = append(required, p.Name)
		}
	}
	for _, k := range g.keys.StepConnection {
		props[k] = connectionField(k)
	}
	with := object{"type": "object", "additionalProperties": false, "properties": props}
	if len(required) > 0 {
		with["required"] = required
	}
	return object{
		"if":   object{"properties": object{"action": object{"const": s.Name}}},
		"then": object{"properties": object{"with": with}},
	}
}

// reference matches a string that evaluates to what one JSONPath reference
// selects, with its type, so it may stand in for a value of any type: a
// reference written alone, or a single {{ }} with nothing but spaces around.
var reference = object{"type": "string",
	"pattern": `^\s*(\$(\.|\[|$)|\{\{([^}]|\}[^}])*\}\}\s*$)`}

// text matches a text parameter's literal value. The loader reads an
// unquoted number as the text it was written as, so numbers are text too.
var text = object{"type": []string{"string", "number"}}

// listingEntry matches an entry of a listing's Contents, which a key list
// accepts in place of the key.
var listingEntry = object{
	"type":       "object",
	"required":   []string{"Key"},
	"properties": object{"Key": object{"type": "string"}},
}

// template matches a string with a {{ reference }} inside.
var template = object{"type": "string", "pattern": `\{\{`}

func paramSchema(p actions.Param) object {
	var typed object
	switch p.Type {
	case actions.TypeString:
		typed = text
	case actions.TypeStringList:
		typed = object{"type": "array", "items": text}
	case actions.TypeKeyList:
		// The loader also takes one listing entry in place of the list.
		typed = object{"anyOf": []any{
			object{"type": "array", "items": object{"anyOf": []any{text, listingEntry}}},
			listingEntry}}
	case actions.TypeBool:
		typed = object{"type": "boolean"}
	case actions.TypeInt:
		typed = object{"type": "integer"}
		if p.Min != 0 || p.Max != 0 {
			typed["minimum"], typed["maximum"] = p.Min, p.Max
		}
	default:
		typed = object{"type": []string{"object", "string"}}
	}
	out := object{"anyOf": []any{typed, reference}}
	if p.Doc != "" {
		out["description"] = p.Doc
	}
	if p.Default != nil {
		out["default"] = p.Default
	}
	return out
}
