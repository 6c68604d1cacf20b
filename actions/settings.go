package actions

import (
	"fmt"
	"regexp"
	"time"
)

// Defaults for the connection.
const (
	DefaultRegion          = "us-east-1"
	DefaultSessionDuration = 3600 * time.Second
	DefaultMaxAttempts     = 5
)

// Checksum calculation modes. WhenRequired keeps S3-compatible servers that
// reject the SDK's default CRC checksums working.
const (
	ChecksumWhenSupported = "when_supported"
	ChecksumWhenRequired  = "when_required"
)

// Settings are the connection values for one call after every override has
// been applied. The struct is comparable so it can key the client cache.
type Settings struct {
	Region          string
	Profile         string
	EndpointURL     string // S3-compatible endpoint; implies path-style addressing
	STSEndpointURL  string
	RoleARN         string
	RoleSessionName string
	SessionDuration time.Duration
	Checksum        string // ChecksumWhenSupported (default) or ChecksumWhenRequired
	MaxAttempts     int
}

// Overrides are the connection fields a command line, a playbook or a step
// may set. Nil fields leave the lower layer in place.
type Overrides struct {
	Region          *string
	Profile         *string
	EndpointURL     *string
	STSEndpointURL  *string
	RoleARN         *string
	RoleSessionName *string
	SessionDuration *time.Duration
	Checksum        *string
	MaxAttempts     *int
}

// Apply returns a copy of s with every non-nil override set. Layers are
// applied from lowest to highest precedence: environment, playbook, command
// line, step.
func (s Settings) Apply(o Overrides) Settings {
	setString(&s.Region, o.Region)
	setString(&s.Profile, o.Profile)
	setString(&s.EndpointURL, o.EndpointURL)
	setString(&s.STSEndpointURL, o.STSEndpointURL)
	setString(&s.RoleARN, o.RoleARN)
	setString(&s.RoleSessionName, o.RoleSessionName)
	setString(&s.Checksum, o.Checksum)
	if o.SessionDuration != nil {
		s.SessionDuration = *o.SessionDuration
	}
	if o.MaxAttempts != nil {
		s.MaxAttempts = *o.MaxAttempts
	}
	return s
}

func setString(dst *string, src *string) {
	if src != nil {
		*dst = *src
	}
}

// WithDefaults fills the fields a caller left empty.
func (s Settings) WithDefaults() Settings {
	if s.Region == "" {
		s.Region = DefaultRegion
	}
	if s.SessionDuration == 0 {
		s.SessionDuration = DefaultSessionDuration
	}
	if s.Checksum == "" {
		s.Checksum = ChecksumWhenSupported
	}
	if s.MaxAttempts == 0 {
		s.MaxAttempts = DefaultMaxAttempts
	}
	return s
}

var sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)

// Validate checks the values STS and the SDK would reject, before any call.
func (s Settings) Validate() error {
	if s.RoleSessionName != "" && !sessionNamePattern.MatchString(s.RoleSessionName) {
		return fmt.Errorf("invalid role_session_name %q: use 2 to 64 letters, digits or =,.@-_+",
			s.RoleSessionName)
	}
	if s.SessionDuration != 0 && (s.SessionDuration < 900*time.Second || s.SessionDuration > 43200*time.Second) {
		return fmt.Errorf("invalid session_duration %v: use 900 to 43200 seconds", s.SessionDuration.Seconds())
	}
	if s.Checksum != "" && s.Checksum != ChecksumWhenSupported && s.Checksum != ChecksumWhenRequired {
		return fmt.Errorf("invalid checksum %q: use %s or %s", s.Checksum, ChecksumWhenSupported, ChecksumWhenRequired)
	}
	if s.MaxAttempts < 0 || s.MaxAttempts > 20 {
		return fmt.Errorf("invalid max_attempts %d: use 1 to 20", s.MaxAttempts)
	}
	return nil
}
