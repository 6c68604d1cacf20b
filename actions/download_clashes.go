package actions

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// keyFolderClashes finds the keys that name a file at a path that another
// key of the same step needs as a folder, such as "dir" next to
// "dir/inner.txt". A local path cannot be both. Each such key maps to one
// key below it, and the keys below are downloaded while the file key fails.
func keyFolderClashes(keys []string) map[string]string {
	below := map[string]string{} // folder path to a key under it
	for _, key := range keys {
		trimmed := strings.TrimSuffix(key, "/")
		for i := range len(trimmed) {
			if trimmed[i] == '/' {
				if _, seen := below[trimmed[:i]]; !seen {
					below[trimmed[:i]] = key
				}
			}
		}
	}
	clashes := map[string]string{}
	for _, key := range keys {
		if other, ok := below[key]; ok && !strings.HasSuffix(key, "/") {
			clashes[key] = other
		}
	}
	return clashes
}

// keyClashError is the failure of a key that keyFolderClashes found.
func keyClashError(key, other string) error {
	return fmt.Errorf("key %q would be a file at the local path that key %q needs as a "+
		"folder, and a path cannot be both. Download them into separate folders, in "+
		"separate steps", key, other)
}

// checkLocalPath looks in the destination folder for something in the way
// of a key's path. That is a parent that is a file, a link that leads out
// of the folder, a folder where the file goes, or a file where a folder
// marker goes. root is nil while the destination does not exist, and then
// nothing is in the way.
func checkLocalPath(root *os.Root, rel string, isFolder bool) error {
	if root == nil {
		return nil
	}
	parent := filepath.Dir(rel)
	if parent != "." {
		info, err := root.Stat(parent)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return fmt.Errorf("folder %s cannot be used: %w", parent, err)
		case !info.IsDir():
			return fmt.Errorf("%s exists and is not a folder", parent)
		}
	}
	info, err := root.Lstat(rel)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !isFolder && info.IsDir():
		return fmt.Errorf("%s is a folder, so the file cannot be written there", rel)
	case isFolder && !info.IsDir():
		return fmt.Errorf("%s exists and is not a folder", rel)
	}
	return nil
}

// checkDestination fails when the destination exists and is not a folder.
func checkDestination(dir string) error {
	info, err := os.Stat(dir)
	if err == nil && !info.IsDir() {
		return fmt.Errorf("destination %s exists and is not a folder. Name a folder, or a "+
			"path that does not exist yet", dir)
	}
	return nil
}

// openExistingRoot opens the destination as an os.Root when it exists, for
// checkLocalPath, and returns nil when it does not.
func openExistingRoot(dir string) (*os.Root, error) {
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return root, err
}

// pathClash returns the failure of a key whose local path is taken by
// another key of the step or by what the destination already contains.
// Without overwrite, an existing file is in the way too.
func pathClash(title, key, rel string, isFolder, overwrite bool, clashes map[string]string,
	root *os.Root) *Failure {
	if other, ok := clashes[key]; ok {
		return ValidationFailure(title, key, keyClashError(key, other))
	}
	if err := checkLocalPath(root, rel, isFolder); err != nil {
		return LocalFailure(title, key, err)
	}
	if !overwrite && !isFolder && root != nil {
		if _, err := root.Lstat(rel); err == nil {
			return LocalFailure(title, key, fmt.Errorf("%s already exists and was kept: set "+
				"overwrite: true to replace it, or download into an empty folder", rel))
		}
	}
	return nil
}

// claimFile records that the call writes the file at path. A folder
// marker claims nothing, because two calls may both create a folder.
func claimFile(call *Call, title, key, path string, isFolder bool) *Failure {
	if isFolder {
		return nil
	}
	if err := call.ClaimDestination(fileDestination(path)); err != nil {
		return ValidationFailure(title, key, err)
	}
	return nil
}
