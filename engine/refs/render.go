package refs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// render returns the text that an interpolated reference puts in a string.
// Null is an error, because an empty string would hide a missing value,
// unless the reference has a default: then null renders as "".
func (r *Ref) render(v any) (string, error) {
	switch t := v.(type) {
	case nil:
		if r.HasDefault {
			return "", nil
		}
		return "", fmt.Errorf("reference %s is null, which has no text form; "+
			`give it a default, such as {{ %s ?? "" }}`, r.Source, r.Path)
	case string:
		return t, nil
	case bool:
		return strconv.FormatBool(t), nil
	case float64:
		return formatNumber(t), nil
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprint(t), nil
	}
	return compactJSON(v, r.Source)
}

// formatNumber writes a number in plain decimal notation, because JSON
// numbers are float64 and %v would print 5368709120 as 5.36870912e+09.
func formatNumber(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// compactJSON renders a list, a map or another value as one line of JSON,
// with <, > and & kept as they are.
func compactJSON(v any, source string) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("reference %s: cannot render %T as text: %w", source, v, err)
	}
	return string(bytes.TrimRight(b.Bytes(), "\n")), nil
}
