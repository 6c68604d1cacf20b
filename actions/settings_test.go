package actions

import (
	"strings"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

func TestLayeredPrecedence(t *testing.T) {
	env := Settings{Region: "env-region", RoleARN: "arn:env", RoleSessionName: "env-name",
		SessionDuration: 1000 * time.Second}
	playbook := Overrides{Region: ptr("pb-region"), RoleARN: ptr("arn:pb"),
		RoleSessionName: ptr("pb-name"), SessionDuration: ptr(2000 * time.Second)}
	flags := Overrides{Region: ptr("flag-region"), RoleARN: ptr("arn:flag"),
		RoleSessionName: ptr("flag-name"), SessionDuration: ptr(3000 * time.Second)}
	step := Overrides{Region: ptr("step-region"), RoleARN: ptr("arn:step"),
		RoleSessionName: ptr("step-name"), SessionDuration: ptr(4000 * time.Second)}
	cases := []struct {
		name                  string
		playbook, flags, step Overrides
		region, role, session string
		duration              time.Duration
	}{
		{"environment only", Overrides{}, Overrides{}, Overrides{},
			"env-region", "arn:env", "env-name", 1000 * time.Second},
		{"playbook over environment", playbook, Overrides{}, Overrides{},
			"pb-region", "arn:pb", "pb-name", 2000 * time.Second},
		{"flags over playbook", playbook, flags, Overrides{},
			"flag-region", "arn:flag", "flag-name", 3000 * time.Second},
		{"step over flags", playbook, flags, step,
			"step-region", "arn:step", "step-name", 4000 * time.Second},
		{"step over playbook without flags", playbook, Overrides{}, step,
			"step-region", "arn:step", "step-name", 4000 * time.Second},
		{"step region only", playbook, flags, Overrides{Region: ptr("step-region")},
			"step-region", "arn:flag", "flag-name", 3000 * time.Second},
		{"flag session name only", playbook, Overrides{RoleSessionName: ptr("flag-name")},
			Overrides{}, "pb-region", "arn:pb", "flag-name", 2000 * time.Second},
	}
	for _, c := range cases {
		got := Layered(env, c.playbook, c.flags, c.step)
		if got.Region != c.region {
			t.Errorf("%s: region = %q, want %q", c.name, got.Region, c.region)
		}
		if got.RoleARN != c.role {
			t.Errorf("%s: role_arn = %q, want %q", c.name, got.RoleARN, c.role)
		}
		if got.RoleSessionName != c.session {
			t.Errorf("%s: role_session_name = %q, want %q", c.name, got.RoleSessionName, c.session)
		}
		if got.SessionDuration != c.duration {
			t.Errorf("%s: session_duration = %v, want %v", c.name, got.SessionDuration, c.duration)
		}
	}
}

func TestLayeredDefaults(t *testing.T) {
	got := Layered(Settings{}, Overrides{}, Overrides{}, Overrides{})
	if got.Region != "" {
		t.Errorf("region = %q, want empty so the AWS config's region applies", got.Region)
	}
	if got.SessionDuration != DefaultSessionDuration {
		t.Errorf("session_duration = %v, want %v", got.SessionDuration, DefaultSessionDuration)
	}
	if got.MaxAttempts != DefaultMaxAttempts {
		t.Errorf("max_attempts = %d, want %d", got.MaxAttempts, DefaultMaxAttempts)
	}
}

func TestSessionNameRejected(t *testing.T) {
	names := []string{"team/user", "a:b", "run 2024-01-02 03:04", "x", strings.Repeat("a", 65),
		"", "naïve-name"}
	for _, name := range names {
		err := CheckSessionName(name)
		if err == nil {
			t.Errorf("session name %q accepted", name)
			continue
		}
		if !strings.Contains(err.Error(), "role_session_name") {
			t.Errorf("error %q does not name the field", err)
		}
		if !strings.Contains(err.Error(), "2 to 64 characters from letters, digits and =,.@-_+") {
			t.Errorf("error %q does not state the rule", err)
		}
	}
}

func TestSessionNameAccepted(t *testing.T) {
	names := []string{"ab", strings.Repeat("a", 64), "ops=1,2.x@corp-team_a+b", "s3play-20240102T030405Z-0a1b2c3d"}
	for _, name := range names {
		if err := CheckSessionName(name); err != nil {
			t.Errorf("session name %q rejected: %v", name, err)
		}
	}
}

func TestSessionDurationRange(t *testing.T) {
	cases := []struct {
		seconds int
		valid   bool
	}{{600, false}, {899, false}, {900, true}, {3600, true}, {43200, true}, {43201, false}, {-1, false}}
	for _, c := range cases {
		err := CheckSessionDuration(time.Duration(c.seconds) * time.Second)
		if (err == nil) != c.valid {
			t.Errorf("duration %d: error = %v, want valid = %v", c.seconds, err, c.valid)
		}
		if err != nil && !strings.Contains(err.Error(), "session_duration") {
			t.Errorf("duration %d: error %q does not name the field", c.seconds, err)
		}
	}
}

func TestSessionNameForRunID(t *testing.T) {
	cases := map[string]string{
		"20240102T030405Z-0a1b2c3d": "s3play-20240102T030405Z-0a1b2c3d",
		"run/with:bad chars":        "s3play-run-with-bad-chars",
	}
	for runID, want := range cases {
		if got := SessionNameFor(runID); got != want {
			t.Errorf("SessionNameFor(%q) = %q, want %q", runID, got, want)
		}
	}
	long := SessionNameFor(strings.Repeat("9", 100))
	if len(long) != 64 {
		t.Errorf("generated name has %d characters, want 64", len(long))
	}
	if err := CheckSessionName(long); err != nil {
		t.Errorf("generated name rejected: %v", err)
	}
}

func TestExpiryWindow(t *testing.T) {
	cases := map[time.Duration]time.Duration{
		900 * time.Second:   90 * time.Second,
		3600 * time.Second:  5 * time.Minute,
		43200 * time.Second: 5 * time.Minute,
		30 * time.Second:    10 * time.Second,
	}
	for d, want := range cases {
		if got := expiryWindow(d); got != want {
			t.Errorf("expiryWindow(%v) = %v, want %v", d, got, want)
		}
	}
}
