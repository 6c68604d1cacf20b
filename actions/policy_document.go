package actions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// maxPolicySize is the largest bucket policy S3 accepts, 20 KB.
const maxPolicySize = 20 * 1024

// Policy language versions. S3 replaces policy variables such as
// ${aws:username} only under policyVersion2012. Under the older version it
// matches them as literal text.
const (
	policyVersion2012 = "2012-10-17"
	policyVersion2008 = "2008-10-17"
)

// parsePolicy turns the policy parameter, a map or a JSON string, into a
// validated copy made of plain JSON values. Statement is always a list in
// the copy, because some S3-compatible servers (versitygw 1.8.0) reject a
// single statement object that S3 accepts.
func parsePolicy(v any) (map[string]any, error) {
	doc, err := policyDocument(v)
	if err != nil {
		return nil, err
	}
	if err := validatePolicy(doc); err != nil {
		return nil, err
	}
	doc = normalizePolicy(doc)
	text, err := marshalPolicy(doc)
	if err != nil {
		return nil, err
	}
	if len(text) > maxPolicySize {
		return nil, fmt.Errorf("policy is %d bytes as JSON, more than the %d bytes S3 accepts",
			len(text), maxPolicySize)
	}
	return doc, nil
}

// checkPolicy validates a policy parameter when the playbook loads and
// again after references are resolved.
func checkPolicy(v any) error {
	_, err := parsePolicy(v)
	return err
}

func policyDocument(v any) (map[string]any, error) {
	if text, ok := v.(string); ok {
		return policyFromJSON(text)
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, fmt.Errorf("policy must be a map or a JSON object in a string, got %s",
			describe(v))
	}
	// A round trip through JSON copies the map, so normalizing never changes
	// the caller's value, and turns every number into a float64.
	plain, err := Plain(v)
	if err != nil {
		return nil, fmt.Errorf("policy cannot be written as JSON: %w", err)
	}
	return plain.(map[string]any), nil
}

func policyFromJSON(text string) (map[string]any, error) {
	if !strings.HasPrefix(strings.TrimSpace(text), "{") {
		return nil, fmt.Errorf("policy must be a JSON object starting with '{', got %s",
			describe(text))
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		return nil, fmt.Errorf("policy is not valid JSON: %w", err)
	}
	if err := checkDuplicateKeys(text); err != nil {
		return nil, err
	}
	return doc, nil
}

// normalizePolicy returns doc with a single Statement object wrapped in a
// list. Both forms mean the same to S3.
func normalizePolicy(doc map[string]any) map[string]any {
	stmt, ok := doc["Statement"].(map[string]any)
	if !ok {
		return doc
	}
	out := make(map[string]any, len(doc))
	for k, v := range doc {
		out[k] = v
	}
	out["Statement"] = []any{stmt}
	return out
}

// marshalPolicy writes doc as compact JSON with keys in sorted order, so
// the same policy always gives the same text. HTML escaping is off because
// it would rewrite characters such as & and > in condition values.
func marshalPolicy(doc map[string]any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return "", fmt.Errorf("write policy as JSON: %w", err)
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// samePolicy compares two policies as parsed JSON, so whitespace and key
// order, which servers change when they store a policy, do not count.
// A nil policy means the bucket has none.
func samePolicy(a, b map[string]any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return reflect.DeepEqual(normalizePolicy(a), normalizePolicy(b))
}
