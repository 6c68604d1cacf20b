package actions

// withoutPublicStatements splits a validated, normalized policy into the
// policy without its public Allow statements and the statements removed.
// The returned policy is nil when no statement is left.
func withoutPublicStatements(doc map[string]any) (map[string]any, []any) {
	statements, _ := doc["Statement"].([]any)
	remaining, removed := []any{}, []any{}
	for _, s := range statements {
		if isPublicAllow(s.(map[string]any)) {
			removed = append(removed, s)
		} else {
			remaining = append(remaining, s)
		}
	}
	if len(remaining) == 0 {
		return nil, removed
	}
	out := make(map[string]any, len(doc))
	for k, v := range doc {
		out[k] = v
	}
	out["Statement"] = remaining
	return out, removed
}

// isPublicAllow reports whether a statement allows anyone: an Allow whose
// Principal is "*" or names "*" under any key, such as {"AWS": "*"} or
// {"AWS": ["*"]}, or an Allow with NotPrincipal, which allows everyone but
// the principals it names.
//
// NOTE: Conditions are not evaluated, so a public statement limited by a
// Condition (for example aws:SourceVpce) also counts as public. That errs
// on the closed side, which is the purpose of removing public statements.
func isPublicAllow(s map[string]any) bool {
	if s["Effect"] != "Allow" {
		return false
	}
	if _, found := s["NotPrincipal"]; found {
		return true
	}
	return namesEveryone(s["Principal"])
}

func namesEveryone(principal any) bool {
	switch p := principal.(type) {
	case string:
		return p == "*"
	case []any:
		for _, e := range p {
			if namesEveryone(e) {
				return true
			}
		}
	case map[string]any:
		for _, v := range p {
			if namesEveryone(v) {
				return true
			}
		}
	}
	return false
}
