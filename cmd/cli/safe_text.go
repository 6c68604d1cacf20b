package cli

import (
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
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strconv.Quote(s)
}
