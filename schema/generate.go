// Package schema builds and embeds the JSON Schema of s3play playbooks.
// The schema is generated from the loader's key lists and the action
// registry, so the keys and parameters it lists are the ones the loader
// accepts. A test keeps the committed file equal to the generated one.
package schema

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// JSON is the committed schema, printed by `s3play schema`.
//
//go:embed playbook.schema.json
var JSON []byte

// ID is the schema's identifier.
const ID = "https://github.com/s3play/s3play/schema/playbook.schema.json"

type object = map[string]any

// Generate returns the schema for the loader's keys and the actions
// registered now.
func Generate() ([]byte, error) {
	g := &generator{keys: engine.Keys()}
	playbook := g.pick(g.playbookProperties(), g.keys.Playbook, "playbook")
	step := g.stepSchema()
	if g.err != nil {
		return nil, g.err
	}
	s := object{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  ID,
		"title":                "s3play playbook",
		"type":                 "object",
		"required":             []string{"name", "steps"},
		"additionalProperties": false,
		"properties":           playbook,
		"$defs":                object{"step": step},
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// generator builds the schema from the loader's keys and keeps the first
// error.
type generator struct {
	keys engine.KeySet
	err  error
}

// pick returns the schemas of keys. A key without a schema is an error, so
// a key added to the loader cannot be left out of the schema.
func (g *generator) pick(schemas object, keys []string, where string) object {
	out := object{}
	for _, k := range keys {
		s, ok := schemas[k]
		if !ok && g.err == nil {
			g.err = fmt.Errorf("schema: the loader accepts %s key %q, which has no schema", where, k)
		}
		out[k] = s
	}
	return out
}

func (g *generator) playbookProperties() object {
	return object{
		"name":        object{"type": "string", "minLength": 1},
		"description": object{"type": "string"},
		"inputs":      g.inputsSchema(),
		"connection":  connectionSchema(g.keys.PlaybookConnection),
		"schedule":    object{"type": "string", "description": "cron expression or descriptor such as @hourly"},
		"outputs":     object{"type": "object", "additionalProperties": true},
		"steps":       object{"type": "array", "minItems": 1, "items": object{"$ref": "#/$defs/step"}},
	}
}

func (g *generator) inputsSchema() object {
	input := object{
		"type":                 "object",
		"additionalProperties": false,
		"properties": g.pick(object{
			"type":        object{"enum": []string{"string", "number", "integer", "boolean", "list"}},
			"required":    object{"type": "boolean"},
			"default":     object{},
			"description": object{"type": "string"},
		}, g.keys.Input, "input"),
	}
	return object{
		"type":                 "object",
		"propertyNames":        object{"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
		"additionalProperties": input,
	}
}

func connectionSchema(keys []string) object {
	props := object{}
	for _, k := range keys {
		props[k] = connectionField(k)
	}
	return object{"type": "object", "additionalProperties": false, "properties": props}
}

// connectionField allows a key's literal form or, because connection
// values may read inputs and earlier steps, a reference or a template.
func connectionField(key string) object {
	switch key {
	case "session_duration":
		return object{"anyOf": []any{
			object{"type": "integer", "minimum": 900, "maximum": 43200}, reference},
			"description": "seconds"}
	case "max_attempts":
		return object{"anyOf": []any{
			object{"type": "integer", "minimum": 1, "maximum": actions.MaxAttemptsLimit}, reference}}
	case "checksum":
		return object{"anyOf": []any{
			object{"enum": []string{actions.ChecksumWhenSupported, actions.ChecksumWhenRequired}},
			reference, template}}
	case "role_session_name":
		return object{"anyOf": []any{
			object{"type": "string", "pattern": `^[\w+=,.@-]{2,64}$`}, reference, template}}
	}
	return object{"type": "string"}
}
