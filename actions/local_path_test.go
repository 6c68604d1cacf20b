package actions

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestLocalPathRejectsEscapes(t *testing.T) {
	cases := map[string]string{
		"../escape.txt":      "..",
		"x/../../escape.txt": "..",
		"../dl-evil/p.txt":   "..",
		"/abs/path.txt":      "absolute",
		`a\..\..\x`:          "backslash",
		`dir\file.txt`:       "backslash",
		"..":                 "..",
		".":                  `"."`,
		"./a.txt":            `"."`,
		"a/./b.txt":          `"."`,
		"a//b.txt":           "empty segment",
		"a/b//":              "empty segment",
		"/":                  "absolute",
		"x/..":               "..",
	}
	for key, want := range cases {
		_, _, err := localPath(key)
		if err == nil {
			t.Errorf("localPath(%q) accepted the key", key)
			continue
		}
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), strconv.Quote(key)) {
			t.Errorf("localPath(%q) error = %q, want it to name the key and %q", key, err, want)
		}
	}
}

func TestLocalPathKeepsFolders(t *testing.T) {
	cases := []struct {
		key    string
		path   string
		folder bool
	}{
		{"a.txt", "a.txt", false},
		{"x/y/z.txt", filepath.Join("x", "y", "z.txt"), false},
		{"..hidden", "..hidden", false},
		{"a..b/c", filepath.Join("a..b", "c"), false},
		{"reports/", "reports", true},
		{"小狗.jpg", "小狗.jpg", false},
		{"q?x=1&y=2.txt", "q?x=1&y=2.txt", false},
		{"dl-evil/p.txt", filepath.Join("dl-evil", "p.txt"), false},
	}
	for _, c := range cases {
		path, folder, err := localPath(c.key)
		if err != nil {
			t.Errorf("localPath(%q): %v", c.key, err)
			continue
		}
		if path != c.path || folder != c.folder {
			t.Errorf("localPath(%q) = %q, %v, want %q, %v", c.key, path, folder, c.path, c.folder)
		}
	}
}
