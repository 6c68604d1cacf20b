package sandbox

import "encoding/json"

// isPublicPolicy reports whether a bucket policy grants access to everyone:
// a statement that allows a principal of "*" (or {"AWS": "*"}) without any
// Condition. S3 judges conditions in more detail and counts some
// conditions as public too; the sandbox keeps to the plain case.
func isPublicPolicy(body string) bool {
	var document struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(body), &document) != nil {
		return false
	}
	var statements []map[string]any
	if json.Unmarshal(document.Statement, &statements) != nil {
		var single map[string]any
		if json.Unmarshal(document.Statement, &single) != nil {
			return false
		}
		statements = []map[string]any{single}
	}
	for _, s := range statements {
		_, conditioned := s["Condition"]
		if s["Effect"] == "Allow" && !conditioned && principalIsEveryone(s["Principal"]) {
			return true
		}
	}
	return false
}

func principalIsEveryone(principal any) bool {
	switch p := principal.(type) {
	case string:
		return p == "*"
	case map[string]any:
		return principalIsEveryone(p["AWS"])
	case []any:
		for _, e := range p {
			if principalIsEveryone(e) {
				return true
			}
		}
	}
	return false
}
