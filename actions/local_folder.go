package actions

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// localFolder is a download destination. Every write goes through an
// os.Root, so the operating system rejects paths that leave the folder,
// even through a symbolic link that already exists inside it.
type localFolder struct {
	root *os.Root
	path string // absolute path of the folder
	// sync flushes each file and the folder it is renamed into to disk.
	sync bool
}

// openLocalFolder creates the folder when missing and opens it as a root.
func openLocalFolder(dir string, sync bool) (*localFolder, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("resolve destination %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("create destination: %w", err)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("open destination: %w", err)
	}
	return &localFolder{root: root, path: abs, sync: sync}, nil
}

func (f *localFolder) Close() error {
	return f.root.Close()
}

// abs returns the absolute path of rel inside the folder.
func (f *localFolder) abs(rel string) string {
	return filepath.Join(f.path, rel)
}

// mkdir creates a folder and its parents inside the folder.
func (f *localFolder) mkdir(rel string) error {
	return f.root.MkdirAll(rel, 0o755)
}

// writeFile streams body into rel through a temporary file in the same
// folder, renamed into place only after every byte arrived. A reader never
// sees a partial file, and a failed download removes its temporary file.
// want is the expected size, or -1 when unknown.
func (f *localFolder) writeFile(rel string, body io.Reader, want int64) (int64, error) {
	dir := filepath.Dir(rel)
	if err := f.root.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	tmp := filepath.Join(dir, ".s3play-"+randomHex(8)+".part")
	n, err := f.fill(tmp, body)
	if err == nil && want >= 0 && n != want {
		err = &shortBodyError{got: n, want: want}
	}
	if err == nil {
		err = f.root.Rename(tmp, rel)
	}
	if err == nil && f.sync {
		err = f.syncFolder(rel)
	}
	if err != nil {
		_ = f.root.Remove(tmp)
		return n, err
	}
	return n, nil
}

// fill creates tmp, which must not exist, and copies body into it.
func (f *localFolder) fill(tmp string, body io.Reader) (int64, error) {
	file, err := f.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(file, body)
	if err == nil && f.sync {
		err = file.Sync()
	}
	if closeErr := file.Close(); err == nil {
		err = closeErr
	}
	return n, err
}

// shortBodyError reports a body that ended before its Content-Length.
type shortBodyError struct{ got, want int64 }

func (e *shortBodyError) Error() string {
	return fmt.Sprintf("the response body ended after %d of %d bytes", e.got, e.want)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// syncFolder flushes the folder that contains rel, so the rename that put
// the file in place is on disk too.
func (f *localFolder) syncFolder(rel string) error {
	dir, err := f.root.Open(filepath.Dir(rel))
	if err != nil {
		return err
	}
	err = dir.Sync()
	if closeErr := dir.Close(); err == nil {
		err = closeErr
	}
	return err
}
