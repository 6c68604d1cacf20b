package actions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeyFolderClashes(t *testing.T) {
	got := keyFolderClashes([]string{"dir", "dir/inner.txt", "dir/deeper/x", "file.txt",
		"marker/", "marker/in.txt", "a/b", "a/b/c", "ab/c", "a"})
	want := map[string]string{"dir": "dir/inner.txt", "a/b": "a/b/c", "a": "a/b"}
	if len(got) != len(want) {
		t.Errorf("clashes = %v, want %v", got, want)
	}
	for key, other := range want {
		if got[key] != other {
			t.Errorf("clash of %q = %q, want %q", key, got[key], other)
		}
	}
}

func TestCheckLocalPath(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	root, err := openExistingRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()

	cases := []struct {
		rel      string
		isFolder bool
		err      string
	}{
		{"new.txt", false, ""},
		{"folder/new.txt", false, ""},
		{"missing/new.txt", false, ""},
		{"file", false, ""},
		{"folder", true, ""},
		{"file/x.txt", false, "not a folder"},
		{"folder", false, "is a folder"},
		{"file", true, "not a folder"},
		{"link/x.txt", false, "cannot be used"},
	}
	for _, c := range cases {
		err := checkLocalPath(root, filepath.FromSlash(c.rel), c.isFolder)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.rel, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: error %v, want one containing %q", c.rel, err, c.err)
		}
	}
	if err := checkLocalPath(nil, "a/b", false); err != nil {
		t.Errorf("missing destination: %v", err)
	}
}

func TestCheckDestinationFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "afile")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := checkDestination(path); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("error = %v, want one saying it is not a folder", err)
	}
	if err := checkDestination(filepath.Join(path, "..", "new")); err != nil {
		t.Errorf("a destination that does not exist: %v", err)
	}
}
