package actions

import (
	"fmt"
	"time"
)

// Defaults for the connection.
const (
	DefaultRegion          = "us-east-1"
	DefaultSessionDuration = 3600 * time.Second
	DefaultMaxAttempts     = 5
	// MaxAttemptsLimit caps max_attempts. With the SDK's maximum backoff
	// of 20 seconds, a call then gives up after at most 19 waits, about
	// six minutes.
	MaxAttemptsLimit = 20
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

// Layered combines the connection layers, from lowest to highest
// precedence: the environment and AWS config, the playbook's connection
// block, the command line, and the step's own connection overrides.
func Layered(env Settings, playbook, flags, step Overrides) Settings {
	return env.Apply(playbook).Apply(flags).Apply(step).WithDefaults()
}

// Apply returns a copy of s with every non-nil override set.
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

// WithDefaults fills the fields a caller left empty. The region stays
// empty: the Connector then takes the AWS config's region, else
// DefaultRegion.
func (s Settings) WithDefaults() Settings {
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

// Validate checks the values STS and the SDK would reject, before any call.
func (s Settings) Validate() error {
	if err := s.validateNames(); err != nil {
		return err
	}
	if s.RoleSessionName != "" {
		if err := CheckSessionName(s.RoleSessionName); err != nil {
			return err
		}
	}
	if s.SessionDuration != 0 {
		if err := CheckSessionDuration(s.SessionDuration); err != nil {
			return err
		}
	}
	if s.Checksum != "" && s.Checksum != ChecksumWhenSupported && s.Checksum != ChecksumWhenRequired {
		return fmt.Errorf("invalid checksum %q: use %s or %s", s.Checksum, ChecksumWhenSupported, ChecksumWhenRequired)
	}
	if s.MaxAttempts < 0 || s.MaxAttempts > MaxAttemptsLimit {
		return fmt.Errorf("invalid max_attempts %d: use 1 to %d", s.MaxAttempts, MaxAttemptsLimit)
	}
	return nil
}

// validateNames checks the region, role ARN and endpoint URLs.
func (s Settings) validateNames() error {
	if s.Region != "" {
		if err := CheckRegion(s.Region); err != nil {
			return err
		}
	}
	if s.RoleARN != "" {
		if err := CheckRoleARN(s.RoleARN); err != nil {
			return err
		}
	}
	if s.EndpointURL != "" {
		if err := CheckEndpointURL("endpoint_url", s.EndpointURL); err != nil {
			return err
		}
	}
	if s.STSEndpointURL != "" {
		return CheckEndpointURL("sts_endpoint_url", s.STSEndpointURL)
	}
	return nil
}
