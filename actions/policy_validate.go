package actions

import (
	"fmt"
	"slices"
	"strings"
)

// Fields of a policy document and of one statement, as the IAM policy
// grammar defines them. S3 rejects a policy with any other field.
var (
	policyFields    = []string{"Version", "Id", "Statement"}
	statementFields = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action",
		"NotAction", "Resource", "NotResource", "Condition"}
)

// validatePolicy checks what S3 would reject with a less precise message:
// unknown fields, the version, and the statements.
func validatePolicy(doc map[string]any) error {
	if err := checkFields("policy", doc, policyFields); err != nil {
		return err
	}
	if err := checkVersion(doc["Version"]); err != nil {
		return err
	}
	statements, err := policyStatements(doc["Statement"])
	if err != nil {
		return err
	}
	sids := map[string]int{}
	for i, s := range statements {
		if err := validateStatement(i, s); err != nil {
			return err
		}
		sid, _ := s.(map[string]any)["Sid"].(string)
		if first, dup := sids[sid]; dup && sid != "" {
			return fmt.Errorf("policy Statement[%d] repeats the Sid %q of Statement[%d]: "+
				"every Sid in a policy must be unique", i, sid, first)
		}
		sids[sid] = i
	}
	return nil
}

func checkFields(where string, m map[string]any, known []string) error {
	for key := range m {
		if !slices.Contains(known, key) {
			return fmt.Errorf("%s has the unknown field %q: use %s", where, key,
				strings.Join(known, ", "))
		}
	}
	return nil
}

func checkVersion(v any) error {
	switch v {
	case nil:
		return fmt.Errorf("policy is missing Version: add \"Version\": %q", policyVersion2012)
	case policyVersion2012, policyVersion2008:
		return nil
	}
	return fmt.Errorf("policy Version %s is invalid: use %q (%q is the legacy version, "+
		"without policy variables)", describe(v), policyVersion2012, policyVersion2008)
}

// policyStatements returns Statement as a list. S3 accepts one statement
// object or a non-empty list of them.
func policyStatements(v any) ([]any, error) {
	switch s := v.(type) {
	case nil:
		return nil, fmt.Errorf("policy is missing Statement: add a list of statements")
	case map[string]any:
		return []any{s}, nil
	case []any:
		if len(s) == 0 {
			return nil, fmt.Errorf("policy Statement is empty: add at least one statement")
		}
		return s, nil
	}
	return nil, fmt.Errorf("policy Statement must be an object or a list of objects, got %s",
		describe(v))
}

func validateStatement(i int, v any) error {
	where := fmt.Sprintf("policy Statement[%d]", i)
	s, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s must be an object, got %s", where, describe(v))
	}
	if err := checkFields(where, s, statementFields); err != nil {
		return err
	}
	if err := checkEffect(where, s["Effect"]); err != nil {
		return err
	}
	if err := checkPrincipal(where, s); err != nil {
		return err
	}
	for _, pair := range [][2]string{{"Action", "NotAction"}, {"Resource", "NotResource"}} {
		if err := checkStringsField(where, s, pair[0], pair[1]); err != nil {
			return err
		}
	}
	if c, found := s["Condition"]; found {
		if _, ok := c.(map[string]any); !ok {
			return fmt.Errorf("%s.Condition must be a map, got %s", where, describe(c))
		}
	}
	return nil
}

func checkEffect(where string, v any) error {
	switch v {
	case nil:
		return fmt.Errorf("%s is missing Effect: use \"Allow\" or \"Deny\"", where)
	case "Allow", "Deny":
		return nil
	}
	return fmt.Errorf("%s.Effect %s is invalid: use \"Allow\" or \"Deny\" (case-sensitive)",
		where, describe(v))
}

// checkPrincipal requires exactly one of Principal and NotPrincipal,
// because a bucket policy is attached to a resource and must name whom
// each statement applies to.
func checkPrincipal(where string, s map[string]any) error {
	name, v, err := oneOf(where, s, "Principal", "NotPrincipal")
	if err != nil {
		return err
	}
	switch p := v.(type) {
	case string:
		if p == "*" {
			return nil
		}
		return fmt.Errorf("%s.%s %q is invalid: use \"*\" or a map such as "+
			"{\"AWS\": \"arn:aws:iam::111122223333:root\"}", where, name, p)
	case map[string]any:
		if len(p) == 0 {
			return fmt.Errorf("%s.%s is an empty map: name at least one principal", where, name)
		}
		return nil
	}
	return fmt.Errorf("%s.%s must be \"*\" or a map, got %s", where, name, describe(v))
}

// checkStringsField requires exactly one of two fields, holding a string
// or a non-empty list of strings.
func checkStringsField(where string, s map[string]any, field, negated string) error {
	name, v, err := oneOf(where, s, field, negated)
	if err != nil {
		return err
	}
	switch list := v.(type) {
	case string:
		return nil
	case []any:
		if len(list) == 0 {
			return fmt.Errorf("%s.%s is an empty list", where, name)
		}
		for j, e := range list {
			if _, ok := e.(string); !ok {
				return fmt.Errorf("%s.%s[%d] must be a string, got %s", where, name, j, describe(e))
			}
		}
		return nil
	}
	return fmt.Errorf("%s.%s must be a string or a list of strings, got %s",
		where, name, describe(v))
}

// oneOf returns the name and value of whichever of two exclusive fields is
// set, or an error when neither or both are.
func oneOf(where string, s map[string]any, field, negated string) (string, any, error) {
	v, has := s[field]
	nv, hasNegated := s[negated]
	switch {
	case has && hasNegated:
		return "", nil, fmt.Errorf("%s has both %s and %s: use one", where, field, negated)
	case has:
		return field, v, nil
	case hasNegated:
		return negated, nv, nil
	}
	return "", nil, fmt.Errorf("%s is missing %s (or %s)", where, field, negated)
}
