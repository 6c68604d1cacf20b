package actions

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
)

// Limits STS AssumeRole sets on a session.
const (
	minSessionNameLength = 2
	maxSessionNameLength = 64
	MinSessionDuration   = 900 * time.Second
	// MaxSessionDuration is the highest maximum session duration IAM lets
	// a role have. A role's own maximum may be lower, and STS then returns
	// a ValidationError.
	MaxSessionDuration = 43200 * time.Second
)

const sessionNameRule = "use 2 to 64 characters from letters, digits and =,.@-_+"

// sessionNameChar reports whether STS accepts r in a role session name.
func sessionNameChar(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	}
	return strings.ContainsRune("=,.@-_+", r)
}

// CheckSessionName validates a role session name as STS does.
func CheckSessionName(name string) error {
	if n := utf8.RuneCountInString(name); n < minSessionNameLength || n > maxSessionNameLength {
		return fmt.Errorf("invalid role_session_name %q: length %d; %s",
			name, n, sessionNameRule)
	}
	for _, r := range name {
		if !sessionNameChar(r) {
			return fmt.Errorf("invalid role_session_name %q: %q is not allowed; %s",
				name, r, sessionNameRule)
		}
	}
	return nil
}

// CheckSessionDuration validates an assumed-role session duration.
func CheckSessionDuration(d time.Duration) error {
	if d%time.Second != 0 || d < MinSessionDuration || d > MaxSessionDuration {
		return fmt.Errorf("invalid session_duration %v seconds: use a whole number from %d to %d "+
			"seconds, and at most the role's maximum session duration",
			d.Seconds(), int(MinSessionDuration.Seconds()), int(MaxSessionDuration.Seconds()))
	}
	return nil
}

// SessionNameFor returns the role session name used when none is set:
// "s3play-" and the run id, with characters STS rejects replaced by "-"
// and cut to 64 characters, so CloudTrail entries lead back to the run.
func SessionNameFor(runID string) string {
	name := []rune("s3play-" + runID)
	for i, r := range name {
		if !sessionNameChar(r) {
			name[i] = '-'
		}
	}
	return string(name[:min(len(name), maxSessionNameLength)])
}

// expiryWindow is how long before expiry an assumed session is refreshed:
// a tenth of its duration, at least ten seconds and at most five minutes.
// Credentials that expire within the window are fetched again before the
// next request is signed.
func expiryWindow(d time.Duration) time.Duration {
	return min(max(d/10, 10*time.Second), 5*time.Minute)
}

// credentialsLocked returns the credentials that requests with s are
// signed with: the config's own, or the assumed-role session for s. Each
// session is cached per sessionKey and refreshed by the SDK's credentials
// cache once it is within expiryWindow of its expiry. The caller holds c.mu.
func (c *Connector) credentialsLocked(cfg *aws.Config, s Settings) aws.CredentialsProvider {
	if s.RoleARN == "" {
		return cfg.Credentials
	}
	key := sessionKey{
		base:        configKey{s.Profile, s.Region},
		stsEndpoint: s.STSEndpointURL,
		roleARN:     s.RoleARN,
		sessionName: s.RoleSessionName,
		duration:    s.SessionDuration,
	}
	if p, ok := c.sessions[key]; ok {
		return p
	}
	provider := stscreds.NewAssumeRoleProvider(c.newSTSClient(*cfg, s), s.RoleARN,
		func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = s.RoleSessionName
			o.Duration = s.SessionDuration
		})
	p := aws.NewCredentialsCache(provider, func(o *aws.CredentialsCacheOptions) {
		o.ExpiryWindow = expiryWindow(s.SessionDuration)
	})
	c.sessions[key] = p
	return p
}
