package actions

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// uploadSource is one local file to upload, or an entry of files that
// names no file, with the error to report for it.
type uploadSource struct {
	path string // the file, or the entry as written when err is set
	key  string
	err  error
	// plannedSize is set in a plan for a file that an earlier planned
	// download would write.
	plannedSize *int64
}

// expandFiles turns the entries of files into the files to upload, in the
// order given. An entry is a path, or a pattern in the syntax of Go's
// filepath.Match (*, ?, [...], no **) when no file has that exact name.
// A file named twice is uploaded once. Two files with the same base name
// would overwrite each other's key, so the later one fails.
func expandFiles(entries []string, folder string) []uploadSource {
	return expandPlannedFiles(entries, folder, nil)
}

// expandPlannedFiles is expandFiles for a plan: planned returns, for an
// entry, the files that earlier planned downloads would write at it or
// that match it, which count as existing with their planned sizes.
func expandPlannedFiles(entries []string, folder string,
	planned func(entry string) []plannedFile) []uploadSource {
	prefix := keyPrefix(folder)
	var out []uploadSource
	seenPath := map[string]bool{}
	keyOwner := map[string]string{}
	for _, entry := range entries {
		paths, err := matchFiles(entry)
		sizes := map[string]int64{}
		if planned != nil {
			for _, file := range planned(entry) {
				sizes[fileDestination(file.path)] = file.size
				paths = append(paths, file.path)
			}
		}
		if err != nil && len(sizes) == 0 {
			out = append(out, uploadSource{path: entry, err: err})
			continue
		}
		out = append(out, skippedMatches(entry)...)
		for _, path := range paths {
			abs := fileDestination(path)
			if seenPath[abs] {
				continue
			}
			seenPath[abs] = true
			src := newUploadSource(path, prefix, keyOwner)
			if size, ok := sizes[abs]; ok {
				src.plannedSize = &size
			}
			out = append(out, src)
		}
	}
	return out
}

func newUploadSource(path, prefix string, keyOwner map[string]string) uploadSource {
	src := uploadSource{path: path, key: prefix + filepath.Base(path)}
	if first, exists := keyOwner[src.key]; exists {
		src.err = fmt.Errorf("file %s would overwrite %s, because both are uploaded as "+
			"key %q. Upload them to different folders", path, first, src.key)
		return src
	}
	keyOwner[src.key] = path
	src.err = checkObjectKey(src.key)
	return src
}

// keyPrefix turns a folder such as "a/b", "/a/b/" or "" into the prefix
// of the keys under it: "a/b/" or "".
func keyPrefix(folder string) string {
	folder = strings.Trim(folder, "/")
	if folder == "" {
		return ""
	}
	return folder + "/"
}

// matchFiles returns the regular files an entry names. A path that exists
// is taken as written even when it contains pattern characters.
func matchFiles(entry string) ([]string, error) {
	info, err := os.Stat(entry)
	switch {
	case err == nil && info.IsDir():
		return nil, fmt.Errorf("%s is a folder, but files takes files: use a pattern such "+
			"as %s", entry, filepath.Join(entry, "*"))
	case err == nil && !info.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file", entry)
	case err == nil:
		return []string{filepath.Clean(entry)}, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("cannot read %s: %w", entry, err)
	case !strings.ContainsAny(entry, "*?["):
		return nil, fmt.Errorf("local file %s does not exist", entry)
	}
	return globFiles(entry)
}

func globFiles(pattern string) ([]string, error) {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil, fmt.Errorf("invalid pattern %s: %w", pattern, err)
	}
	var files []string
	for _, m := range matches {
		// Lstat: a pattern does not follow symbolic links, so a link placed
		// in a collected folder cannot pull in a file from elsewhere.
		if info, err := os.Lstat(m); err == nil && info.Mode().IsRegular() {
			files = append(files, filepath.Clean(m))
		}
	}
	if len(files) == 0 && len(skippedMatches(pattern)) == 0 {
		return nil, fmt.Errorf("pattern %s matches no file", pattern)
	}
	return files, nil
}

// skippedMatches returns, as failed entries, what a pattern matches but
// does not upload: symbolic links and special files such as FIFOs.
// Folders are left out without a word, as a pattern such as logs/* also
// matches subfolders.
func skippedMatches(pattern string) []uploadSource {
	if !strings.ContainsAny(pattern, "*?[") {
		return nil
	}
	matches, _ := filepath.Glob(pattern)
	var out []uploadSource
	for _, m := range matches {
		info, err := os.Lstat(m)
		switch {
		case err != nil || info.IsDir() || info.Mode().IsRegular():
		case info.Mode()&os.ModeSymlink != 0:
			out = append(out, uploadSource{path: m, err: fmt.Errorf("%s is a symbolic link, "+
				"which a pattern does not follow: name it in files to upload what it points to", m)})
		default:
			out = append(out, uploadSource{path: m, err: fmt.Errorf("%s is not a regular file", m)})
		}
	}
	return out
}

// checkKeyPrefix rejects a folder or destination path that is not valid
// UTF-8, which S3 requires of keys, or that has a "." or ".." segment. S3
// keys have no parent folders, so "a/../b" would be stored as a key that
// contains "..", which is almost never what was meant, and versitygw's
// posix backend rejects such keys (400).
func checkKeyPrefix(prefix string) error {
	if !utf8.ValidString(prefix) {
		return fmt.Errorf("invalid key prefix %q: a key prefix must be valid UTF-8", prefix)
	}
	for _, segment := range strings.Split(strings.Trim(prefix, "/"), "/") {
		if segment == "." || segment == ".." {
			return fmt.Errorf("invalid key prefix %q: it has a %q segment, but S3 keys have "+
				"no parent or current folder. Write the prefix without . and .. segments",
				prefix, segment)
		}
	}
	return nil
}
