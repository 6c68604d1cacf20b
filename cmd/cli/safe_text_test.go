package cli

import "testing"

func TestSafeText(t *testing.T) {
	cases := map[string]string{
		"logs/2024-01-02.gz":     "logs/2024-01-02.gz",
		"小狗 a+b%.txt":            "小狗 a+b%.txt",
		"evil\nrun 1: Succeeded": `"evil\nrun 1: Succeeded"`,
		"back\rover":             `"back\rover"`,
		"color\x1b[31mred":       `"color\x1b[31mred"`,
	}
	for in, want := range cases {
		if got := safeText(in); got != want {
			t.Errorf("safeText(%q) = %s, want %s", in, got, want)
		}
	}
}
