package history

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// EnvState names the environment variable that sets the state folder when
// no --state flag is given.
const EnvState = "S3PLAY_STATE"

// DefaultDir returns the state folder shared by run, serve and history:
// $S3PLAY_STATE, else $XDG_STATE_HOME/s3play, else on Windows
// %LocalAppData%\s3play, else ~/.local/state/s3play.
func DefaultDir() (string, error) {
	if dir := os.Getenv(EnvState); dir != "" {
		return dir, nil
	}
	if dir := os.Getenv("XDG_STATE_HOME"); dir != "" {
		return filepath.Join(dir, "s3play"), nil
	}
	if runtime.GOOS == "windows" {
		if dir := os.Getenv("LocalAppData"); dir != "" {
			return filepath.Join(dir, "s3play"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", errors.New("no state folder: set --state, " + EnvState +
			" or XDG_STATE_HOME, because the home folder is unknown")
	}
	return filepath.Join(home, ".local", "state", "s3play"), nil
}
