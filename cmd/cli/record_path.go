package cli

import (
	"fmt"
	"os"
	"path/filepath"
)

// checkRecordPath makes sure the record file can be written before the run
// changes anything, so the audit record of a destructive run is never lost
// to a typo. It also refuses to overwrite the playbook itself.
func checkRecordPath(path, playbook string) error {
	if path == "" {
		return nil
	}
	if samePath(path, playbook) {
		return usage(fmt.Errorf("invalid output file %s: it is the playbook itself; choose another file", path))
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return usage(fmt.Errorf("invalid output file %s: %w; choose a writable file", path, err))
	}
	return f.Close()
}

// samePath reports whether two paths name the same file, following links.
func samePath(a, b string) bool {
	infoA, errA := os.Stat(a)
	infoB, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(infoA, infoB)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}
