// Package schema builds and embeds the JSON Schema of s3play playbooks.
// The schema is generated from the action registry, so the parameters it
// lists are the ones the loader accepts; a test keeps the committed file
// equal to the generated one.
package schema

import (
	_ "embed"
	"encoding/json"

	"github.com/s3play/s3play/actions"
)

// JSON is the committed schema, printed by `s3play schema`.
//
//go:embed playbook.schema.json
var JSON []byte

// ID is the schema's identifier.
const ID = "https://github.com/s3play/s3play/schema/playbook.schema.json"

type object = map[string]any

// Generate returns the schema for the actions registered now.
func Generate() ([]byte, error) {
	s := object{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  ID,
		"title":                "s3play playbook",
		"type":                 "object",
		"required":             []string{"name", "steps"},
		"additionalProperties": false,
		"properties": object{
			"name":        object{"type": "string", "minLength": 1},
			"description": object{"type": "string"},
			"inputs":      inputsSchema(),
			"connection":  connectionSchema(playbookConnection),
			"schedule":    object{"type": "string", "description": "cron expression or descriptor such as @hourly"},
			"outputs":     object{"type": "object", "additionalProperties": true},
			"steps":       object{"type": "array", "minItems": 1, "items": object{"$ref": "#/$defs/step"}},
		},
		"$defs": object{"step": stepSchema()},
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

func inputsSchema() object {
	return object{
		"type":          "object",
		"propertyNames": object{"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
		"additionalProperties": object{
			"type":                 "object",
			"additionalProperties": false,
			"properties": object{
				"type":        object{"enum": []string{"string", "number", "integer", "boolean", "list"}},
				"required":    object{"type": "boolean"},
				"default":     object{},
				"description": object{"type": "string"},
			},
		},
	}
}

var playbookConnection = []string{
	"region", "profile", "endpoint_url", "sts_endpoint_url", "role_arn",
	"role_session_name", "session_duration", "checksum", "max_attempts",
}

var stepConnection = []string{"region", "role_arn", "role_session_name", "session_duration"}

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
			reference}}
	case "role_session_name":
		return object{"anyOf": []any{
			object{"type": "string", "pattern": `^[\w+=,.@-]{2,64}$`}, reference, template}}
	}
	return object{"type": "string"}
}
