package actions

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"
)

// ProfileNotFoundError reports a named profile that neither shared AWS
// file defines.
type ProfileNotFoundError struct {
	Profile string
	// Files are the shared config and credentials files that were read.
	Files []string
	err   error
}

func (e *ProfileNotFoundError) Error() string {
	return fmt.Sprintf("profile %q not found in %s: check the name with "+
		"`aws configure list-profiles`, or set AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE "+
		"to the file that defines it", e.Profile, strings.Join(e.Files, " or "))
}

func (e *ProfileNotFoundError) Unwrap() error { return e.err }

// CheckProfile returns a *ProfileNotFoundError when the shared AWS files
// do not define profile. It reads only local files and the environment.
func CheckProfile(ctx context.Context, profile string) error {
	_, err := loadConfig(ctx, configKey{profile: profile}, nil, 0)
	var notFound *ProfileNotFoundError
	if errors.As(err, &notFound) {
		return notFound
	}
	return nil
}

// profileError turns the SDK's error for an undefined profile into a
// *ProfileNotFoundError, and returns other errors unchanged.
func profileError(err error) error {
	var notExist config.SharedConfigProfileNotExistError
	if !errors.As(err, &notExist) {
		return err
	}
	return &ProfileNotFoundError{Profile: notExist.Profile, Files: sharedFiles(), err: err}
}

// sharedFiles names the files the SDK reads profiles from: the files that
// AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE set, else the defaults.
func sharedFiles() []string {
	files := []string{config.DefaultSharedConfigFilename(), config.DefaultSharedCredentialsFilename()}
	if f := os.Getenv("AWS_CONFIG_FILE"); f != "" {
		files[0] = f
	}
	if f := os.Getenv("AWS_SHARED_CREDENTIALS_FILE"); f != "" {
		files[1] = f
	}
	return files
}
