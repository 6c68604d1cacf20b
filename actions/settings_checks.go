package actions

import (
	"fmt"
	"net/url"
	"regexp"
)

// regionPattern accepts AWS region names and the short names that
// S3-compatible servers use, such as "garage". It rejects text that cannot
// be part of a host name or a signature scope.
var regionPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$`)

// roleARNPattern is the form of an IAM role ARN in any partition.
var roleARNPattern = regexp.MustCompile(`^arn:[a-z-]+:iam::\d{12}:role/[\w+=,.@/-]{1,512}$`)

// CheckRegion rejects a region name that no server accepts.
func CheckRegion(region string) error {
	if !regionPattern.MatchString(region) {
		return fmt.Errorf("invalid region %q: use a region name such as us-east-1", region)
	}
	return nil
}

// CheckRoleARN rejects text that is not an IAM role ARN before any request to STS.
func CheckRoleARN(arn string) error {
	if !roleARNPattern.MatchString(arn) {
		return fmt.Errorf("invalid role_arn %q: use arn:aws:iam::ACCOUNT_ID:role/NAME", arn)
	}
	return nil
}

// CheckEndpointURL requires an absolute http or https URL. Without a scheme
// the SDK reads the host as a region and fails with a misleading message,
// and a user name or password in the URL would end up in logs.
func CheckEndpointURL(name, raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil, u.Scheme != "http" && u.Scheme != "https", u.Host == "":
		return fmt.Errorf("invalid %s %q: use an absolute URL such as http://127.0.0.1:9000", name, raw)
	case u.User != nil:
		return fmt.Errorf("invalid %s: it contains a user name or password; remove them, "+
			"because credentials come from the AWS credential chain", name)
	}
	return nil
}
