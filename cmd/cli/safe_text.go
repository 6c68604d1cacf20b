package cli

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// safeText renders a value from S3 or a playbook for the terminal. Object
// keys and error messages may contain control characters. Printed raw, a
// carriage return, newline or escape sequence could forge or erase output
// lines, so such text is shown quoted with escapes.
func safeText(v any) string {
	s := fmt.Sprint(v)
	switch v.(type) {
	case map[string]any, []any:
		// Go's map[...] and [...] syntax is not what a playbook author writes.
		if data, err := json.Marshal(v); err == nil {
			s = string(data)
		}
	}
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strconv.Quote(s)
}
