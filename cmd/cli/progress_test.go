package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestProgressCountPlural(t *testing.T) {
	cases := map[string]struct {
		n     int64
		label string
	}{
		"1 object moved":        {1, "objects moved"},
		"2 objects moved":       {2, "objects moved"},
		"0 files uploaded":      {0, "files uploaded"},
		"1 upload aborted":      {1, "uploads aborted"},
		"1,500 objects deleted": {1500, "objects deleted"},
	}
	for want, c := range cases {
		if got := progressCount(c.n, c.label); got != want {
			t.Errorf("progressCount(%d, %q) = %q, want %q", c.n, c.label, got, want)
		}
	}
}

func TestProgressLineOneItem(t *testing.T) {
	var out bytes.Buffer
	newProgressLine(&out, "quarantine").Add("objects moved", 1)
	if !strings.HasSuffix(out.String(), "quarantine: 1 object moved") {
		t.Errorf("progress line = %q, want it to end with %q", out.String(), "quarantine: 1 object moved")
	}
}
