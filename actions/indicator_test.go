package actions

import "testing"

func TestIndicatorItemEndings(t *testing.T) {
	cases := map[string]string{
		"":          "Download Files failed.",
		"logs/a.gz": "Download Files failed for logs/a.gz.",
		"x/..":      `Download Files failed for "x/..".`,
		"notes.":    `Download Files failed for "notes.".`,
		"a b":       "Download Files failed for a b.",
		"trailing ": `Download Files failed for "trailing ".`,
	}
	for item, want := range cases {
		if got := Indicator("Download Files", item); got != want {
			t.Errorf("Indicator(%q) = %q, want %q", item, got, want)
		}
	}
}
