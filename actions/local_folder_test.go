package actions

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestLocalFolderRefusesSymlinkOut(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "outside")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	folder, err := openLocalFolder(filepath.Join(root, "dl"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer folder.Close()
	if err := os.Symlink(outside, filepath.Join(root, "dl", "link")); err != nil {
		t.Skip("symbolic links unavailable:", err)
	}

	_, err = folder.writeFile(filepath.Join("link", "x.txt"), strings.NewReader("escaped"), 7)
	if err == nil {
		t.Error("a write through a link leading out of the folder succeeded")
	}
	if got := treeFiles(t, outside); len(got) != 0 {
		t.Errorf("files written outside: %q", got)
	}
}

func TestLocalFolderShortBody(t *testing.T) {
	folder, err := openLocalFolder(t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer folder.Close()

	_, err = folder.writeFile("a.txt", strings.NewReader("abc"), 10)
	var short *shortBodyError
	if err == nil || !errors.As(err, &short) {
		t.Fatalf("error = %v, want a short body error", err)
	}
	if got := treeFiles(t, folder.path); !slices.Equal(got, nil) {
		t.Errorf("files left behind: %q", got)
	}
}
