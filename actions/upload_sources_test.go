package actions

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("file "+name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExpandFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, "a.log", "b.log", "c.txt", "sub/a.log", "odd[1].txt")
	at := func(name string) string { return filepath.Join(dir, name) }

	got := expandFiles([]string{at("*.log"), at("c.txt"), at("a.log"), at("sub/a.log"),
		at("odd[1].txt"), at("missing.txt"), at("*.gz"), at("sub"), at("[")}, "/in/cases/")
	want := []struct{ path, key, err string }{
		{at("a.log"), "in/cases/a.log", ""},
		{at("b.log"), "in/cases/b.log", ""},
		{at("c.txt"), "in/cases/c.txt", ""},
		{at("sub/a.log"), "in/cases/a.log", "would overwrite " + at("a.log")},
		{at("odd[1].txt"), "in/cases/odd[1].txt", ""},
		{at("missing.txt"), "", "local file " + at("missing.txt") + " does not exist"},
		{at("*.gz"), "", "pattern " + at("*.gz") + " matches no file"},
		{at("sub"), "", "is a folder"},
		{at("["), "", "invalid pattern"},
	}
	if len(got) != len(want) {
		t.Fatalf("expandFiles returned %d sources, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.path != w.path {
			t.Errorf("source %d path = %q, want %q", i, g.path, w.path)
		}
		if w.err == "" && (g.err != nil || g.key != w.key) {
			t.Errorf("source %s: key %q, error %v, want key %q", w.path, g.key, g.err, w.key)
		}
		if w.err != "" && (g.err == nil || !strings.Contains(g.err.Error(), w.err)) {
			t.Errorf("source %s: error %v, want one containing %q", w.path, g.err, w.err)
		}
	}
}

func TestKeyPrefix(t *testing.T) {
	cases := map[string]string{"": "", "/": "", "a": "a/", "a/b/": "a/b/", "/a/b": "a/b/"}
	for folder, want := range cases {
		if got := keyPrefix(folder); got != want {
			t.Errorf("keyPrefix(%q) = %q, want %q", folder, got, want)
		}
	}
}

func TestCheckKeyPrefix(t *testing.T) {
	for _, prefix := range []string{"", "case-7", "/a/b/", "a.b/..c/x..", "..."} {
		if err := checkKeyPrefix(prefix); err != nil {
			t.Errorf("%q: %v", prefix, err)
		}
	}
	for _, prefix := range []string{".", "./", "..", "sub/..", "a/./b", "/../x", "case-\xff",
		"\xe5\xb0/x"} {
		err := checkKeyPrefix(prefix)
		if err == nil {
			t.Errorf("%q: accepted", prefix)
			continue
		}
		if !strings.Contains(err.Error(), strconv.Quote(prefix)) {
			t.Errorf("%q: error %q does not name the prefix", prefix, err)
		}
	}
}

func TestExpandFilesPatternSkipsLinks(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	got := expandFiles([]string{filepath.Join(dir, "*.txt")}, "")
	var uploaded, failed []string
	for _, src := range got {
		if src.err != nil {
			failed = append(failed, filepath.Base(src.path))
		} else {
			uploaded = append(uploaded, filepath.Base(src.path))
		}
	}
	if !slices.Equal(uploaded, []string{"a.txt"}) {
		t.Errorf("uploaded %q, want only a.txt", uploaded)
	}
	if !slices.Equal(failed, []string{"link.txt"}) {
		t.Errorf("failed %q, want link.txt reported", failed)
	}
}
