package actions

import (
	"fmt"
	"path/filepath"
	"strings"
)

// localPath maps an object key to a path relative to the download folder,
// in the operating system's form. It rejects every key that could name a
// file outside the folder, or that two different keys could share:
//   - a backslash, which Windows reads as a folder separator;
//   - a leading "/", which makes an absolute path;
//   - an empty, "." or ".." segment ("a//b", "./a", "x/../../y");
//   - a name the operating system treats as not local, such as "C:x" or
//     "NUL" on Windows.
//
// A key that ends in "/" is a folder marker: folder is true and the path
// names that folder.
func localPath(key string) (path string, folder bool, err error) {
	switch {
	case strings.Contains(key, `\`):
		return "", false, fmt.Errorf("key %q contains a backslash, which Windows reads as a "+
			"folder separator, so it could be written outside the destination", key)
	case strings.HasPrefix(key, "/"):
		return "", false, fmt.Errorf("key %q starts with /, which would make an absolute path "+
			"outside the destination", key)
	}
	folder = strings.HasSuffix(key, "/")
	trimmed := strings.TrimSuffix(key, "/")
	for _, segment := range strings.Split(trimmed, "/") {
		if err := checkSegment(key, segment); err != nil {
			return "", false, err
		}
	}
	path = filepath.FromSlash(trimmed)
	if !filepath.IsLocal(path) {
		return "", false, fmt.Errorf("key %q is not a local path on this system, so it could be "+
			"written outside the destination", key)
	}
	return path, folder, nil
}

func checkSegment(key, segment string) error {
	switch segment {
	case "":
		return fmt.Errorf("key %q has an empty segment (//), which would write the same file "+
			"as the key without it", key)
	case ".", "..":
		return fmt.Errorf("key %q has a %q segment, which could lead outside the destination",
			key, segment)
	}
	return nil
}
