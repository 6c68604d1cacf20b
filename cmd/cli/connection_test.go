package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/internal/fakeaws"
)

const listPlaybook = `name: regions
connection: {region: us-west-2, role_session_name: from-playbook}
steps:
  - id: list
    action: s3.list_buckets
  - id: own_region
    action: s3.list_buckets
    connection: {region: eu-west-1}
`

func TestRunConnectionFlags(t *testing.T) {
	fakeaws.Isolate(t)
	s3Fake, stsFake := fakeaws.NewS3(t), fakeaws.NewSTS(t)
	role := "arn:aws:iam::123456789012:role/ops"
	code, out, errOut := execute(t, "run", writePlaybook(t, listPlaybook),
		"--endpoint-url", s3Fake.URL, "--sts-endpoint-url", stsFake.URL,
		"--region", "ca-central-1", "--role-arn", role, "--role-session-name", "from-flag",
		"--session-duration", "1800")
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s%s", code, out, errOut)
	}
	var regions []string
	for _, r := range s3Fake.Requests() {
		regions = append(regions, r.Region)
	}
	if strings.Join(regions, " ") != "ca-central-1 eu-west-1" {
		t.Errorf("requests signed for %v, want ca-central-1 (flag) then eu-west-1 (step)", regions)
	}
	calls := stsFake.AssumeRoleCalls()
	if len(calls) != 2 {
		t.Fatalf("AssumeRole calls = %d, want one per region", len(calls))
	}
	for _, c := range calls {
		if c.RoleARN != role || c.RoleSessionName != "from-flag" || c.DurationSeconds != "1800" {
			t.Errorf("AssumeRole %+v, want the flags' role, session name and duration", c)
		}
	}
}

func TestRunEndpointEnvironment(t *testing.T) {
	fakeaws.Isolate(t)
	s3Fake, stsFake := fakeaws.NewS3(t), fakeaws.NewSTS(t)
	t.Setenv("AWS_ENDPOINT_URL_S3", s3Fake.URL)
	t.Setenv("AWS_ENDPOINT_URL_STS", stsFake.URL)
	code, out, errOut := execute(t, "run", writePlaybook(t, listPlaybook),
		"--role-arn", "arn:aws:iam::123456789012:role/ops")
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s%s", code, out, errOut)
	}
	if n := len(s3Fake.Requests()); n != 2 {
		t.Errorf("S3 requests = %d, want 2", n)
	}
	if n := len(stsFake.AssumeRoleCalls()); n != 2 {
		t.Errorf("AssumeRole calls = %d, want 2", n)
	}
}

func TestRunInvalidConnectionFlags(t *testing.T) {
	cases := map[string][]string{
		"role_session_name": {"--role-session-name", "team/user"},
		"invalid --session-duration 600: use a whole number of seconds from 900 to 43200": {"--session-duration", "600"},
		"invalid --max-attempts 21: use a whole number from 1 to 20":                      {"--max-attempts", "21"},
	}
	for field, flags := range cases {
		fakeaws.Isolate(t)
		s3Fake := fakeaws.NewS3(t)
		args := append([]string{"run", writePlaybook(t, listPlaybook), "--endpoint-url", s3Fake.URL},
			flags...)
		code, _, errOut := execute(t, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit code = %d, want %d", flags, code, ExitUsage)
		}
		if !strings.Contains(errOut, field) {
			t.Errorf("%v: message %q does not name %s", flags, errOut, field)
		}
		if n := len(s3Fake.Requests()); n != 0 {
			t.Errorf("%v: %d requests sent, want none", flags, n)
		}
	}
}

// Every invalid value of a numeric flag gets the same message, which names
// the flag, the value and the range.
func TestRunInvalidMaxAttemptsFlag(t *testing.T) {
	for _, value := range []string{"0", "21", "-1", "abc"} {
		fakeaws.Isolate(t)
		code, _, errOut := execute(t, "run", writePlaybook(t, listPlaybook),
			"--endpoint-url", "http://127.0.0.1:1", "--max-attempts", value)
		if code != ExitUsage {
			t.Errorf("--max-attempts %s: exit code = %d, want %d", value, code, ExitUsage)
		}
		want := "error: invalid --max-attempts " + value + ": use a whole number from 1 to 20, " +
			"or leave the flag out for AWS_MAX_ATTEMPTS or the default of 5\n"
		if errOut != want {
			t.Errorf("--max-attempts %s: message = %q, want %q", value, errOut, want)
		}
	}
}

// A numeric flag given as 0 is invalid, not the same as leaving it out.
func TestRunZeroNumericFlags(t *testing.T) {
	for _, flag := range []string{"--max-attempts", "--session-duration"} {
		fakeaws.Isolate(t)
		s3Fake := fakeaws.NewS3(t)
		code, _, errOut := execute(t, "run", writePlaybook(t, listPlaybook),
			"--endpoint-url", s3Fake.URL, flag, "0")
		if code != ExitUsage {
			t.Errorf("%s 0: exit code = %d, want %d", flag, code, ExitUsage)
		}
		if !strings.Contains(errOut, "invalid "+flag+" 0") {
			t.Errorf("%s 0: message %q does not name the flag and its value", flag, errOut)
		}
		if n := len(s3Fake.Requests()); n != 0 {
			t.Errorf("%s 0: %d requests sent, want none", flag, n)
		}
	}
}

func TestRunInvalidMaxAttemptsEnvironment(t *testing.T) {
	fakeaws.Isolate(t)
	t.Setenv("AWS_MAX_ATTEMPTS", "many")
	code, _, errOut := execute(t, "run", writePlaybook(t, listPlaybook),
		"--endpoint-url", "http://127.0.0.1:1")
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errOut, "AWS_MAX_ATTEMPTS") {
		t.Errorf("message %q does not name AWS_MAX_ATTEMPTS", errOut)
	}
}

func TestRunUnknownProfileFlag(t *testing.T) {
	fakeaws.Isolate(t)
	s3Fake := fakeaws.NewS3(t)
	code, _, errOut := execute(t, "run", writePlaybook(t, listPlaybook),
		"--endpoint-url", s3Fake.URL, "--profile", "nope")
	if code != ExitUsage {
		t.Errorf("exit code = %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errOut, `profile "nope" not found`) {
		t.Errorf("message %q does not say that profile nope is not found", errOut)
	}
	if !strings.Contains(errOut, "aws configure list-profiles") {
		t.Errorf("message %q does not say how to list the profiles", errOut)
	}
	if n := len(s3Fake.Requests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestRunDefinedProfileFlag(t *testing.T) {
	fakeaws.Isolate(t)
	s3Fake := fakeaws.NewS3(t)
	credentials := filepath.Join(t.TempDir(), "credentials")
	body := "[ops]\naws_access_key_id = AKIDFAKEOPS\naws_secret_access_key = fake-ops-secret\n"
	if err := os.WriteFile(credentials, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", credentials)
	code, out, errOut := execute(t, "run", writePlaybook(t, listPlaybook),
		"--endpoint-url", s3Fake.URL, "--profile", "ops")
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s%s", code, out, errOut)
	}
	if n := len(s3Fake.Requests()); n != 2 {
		t.Errorf("S3 requests = %d, want 2", n)
	}
}

func TestRunUnknownEnvironmentProfile(t *testing.T) {
	fakeaws.Isolate(t)
	s3Fake := fakeaws.NewS3(t)
	t.Setenv("AWS_PROFILE", "nope")
	code, out, errOut := execute(t, "run", writePlaybook(t, listPlaybook),
		"--endpoint-url", s3Fake.URL, "-o", "json")
	if code != ExitFailure {
		t.Fatalf("exit code = %d, want %d\n%s", code, ExitFailure, errOut)
	}
	var rec struct {
		Steps []struct{ Error *actions.Failure }
	}
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("run record: %v\n%s", err, out)
	}
	if len(rec.Steps) == 0 || rec.Steps[0].Error == nil {
		t.Fatalf("first step has no error:\n%s", out)
	}
	f := rec.Steps[0].Error
	if f.StatusCode != actions.CodeValidation {
		t.Errorf("status code = %q, want %q", f.StatusCode, actions.CodeValidation)
	}
	if !strings.Contains(f.Message, `profile "nope" not found`) {
		t.Errorf("message %q does not say that profile nope is not found", f.Message)
	}
	if n := len(s3Fake.Requests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}
