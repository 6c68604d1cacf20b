package actions

import (
	"fmt"
	"net"
	"regexp"
	"strings"
)

var bucketNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)

// CheckBucketName validates a name against the S3 general purpose bucket
// naming rules, so a bad name fails before any request is sent.
func CheckBucketName(name string) error {
	switch {
	case len(name) < 3 || len(name) > 63:
		return fmt.Errorf("invalid bucket name %q: use 3 to 63 characters", name)
	case !bucketNamePattern.MatchString(name):
		return fmt.Errorf("invalid bucket name %q: use lowercase letters, digits, dots and hyphens, "+
			"starting and ending with a letter or digit", name)
	case net.ParseIP(name) != nil:
		return fmt.Errorf("invalid bucket name %q: a bucket name must not look like an IP address", name)
	case containsAny(name, "..", ".-", "-."):
		return fmt.Errorf("invalid bucket name %q: dots must not be adjacent to each other or to hyphens", name)
	}
	return nil
}

func containsAny(s string, parts ...string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
