package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/internal/fakeaws"
)

const opsRole = "arn:aws:iam::123456789012:role/ops"

// fakeRunner returns a runner aimed at fresh fake S3 and STS servers
// through the environment layer, with millisecond backoff.
func fakeRunner(t *testing.T) (*Runner, *fakeaws.S3, *fakeaws.STS) {
	t.Helper()
	fakeaws.Isolate(t)
	s3Fake, stsFake := fakeaws.NewS3(t), fakeaws.NewSTS(t)
	conn := actions.NewConnector()
	conn.MaxBackoff = time.Millisecond
	r := &Runner{Conn: conn,
		Env: actions.Settings{EndpointURL: s3Fake.URL, STSEndpointURL: stsFake.URL}}
	return r, s3Fake, stsFake
}

func signedRegions(requests []fakeaws.Request) []string {
	regions := make([]string, len(requests))
	for i, r := range requests {
		regions[i] = r.Region
	}
	return regions
}

const regionsPlaybook = `
name: regions
connection: {region: us-west-2}
steps:
  - id: playbook_region
    action: s3.list_buckets
  - id: step_region
    action: s3.list_buckets
    connection: {region: eu-west-1}
  - id: with_region
    action: s3.list_buckets
    with: {region: ap-south-1}
`

func TestRunStepRegionReachesRequest(t *testing.T) {
	cases := []struct {
		name  string
		flags actions.Overrides
		want  []string
	}{
		{"without flags", actions.Overrides{}, []string{"us-west-2", "eu-west-1", "ap-south-1"}},
		{"with --region", actions.Overrides{Region: ptr("ca-central-1")},
			[]string{"ca-central-1", "eu-west-1", "ap-south-1"}},
	}
	for _, c := range cases {
		r, s3Fake, _ := fakeRunner(t)
		r.Env.Region = "sa-east-1"
		r.Flags = c.flags
		rec := r.Run(context.Background(), mustLoad(t, regionsPlaybook), nil)
		if rec.Status != actions.Succeeded {
			t.Fatalf("%s: run status = %s; steps: %v", c.name, rec.Status, stepSummary(rec))
		}
		got := signedRegions(s3Fake.Requests())
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: requests signed for %v, want %v", c.name, got, c.want)
		}
		if rec.Connection.Region != c.want[0] {
			t.Errorf("%s: record region = %s, want %s", c.name, rec.Connection.Region, c.want[0])
		}
		if n := len(rec.Steps[1].Connections); n != 1 || rec.Steps[1].Connections[0].Region != "eu-west-1" {
			t.Errorf("%s: step_region connections = %+v, want eu-west-1", c.name, rec.Steps[1].Connections)
		}
	}
}

func TestRunEnvironmentRegion(t *testing.T) {
	r, s3Fake, _ := fakeRunner(t)
	r.Env.Region = "sa-east-1"
	rec := r.Run(context.Background(), mustLoad(t, `
name: env
steps:
  - id: list
    action: s3.list_buckets
`), nil)
	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %v", rec.Status, stepSummary(rec))
	}
	if got := signedRegions(s3Fake.Requests()); len(got) != 1 || got[0] != "sa-east-1" {
		t.Errorf("requests signed for %v, want sa-east-1", got)
	}
}

func TestRunRoleSessionsPerName(t *testing.T) {
	r, s3Fake, stsFake := fakeRunner(t)
	rec := r.Run(context.Background(), mustLoad(t, `
name: roles
connection: {role_arn: `+opsRole+`}
steps:
  - id: first
    action: s3.list_buckets
  - id: second
    action: s3.list_buckets
  - id: renamed
    action: s3.list_buckets
    connection: {role_session_name: incident-42}
`), nil)
	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %v", rec.Status, stepSummary(rec))
	}
	calls := stsFake.AssumeRoleCalls()
	if len(calls) != 2 {
		t.Fatalf("AssumeRole calls = %d, want 2: one per session name", len(calls))
	}
	generated := actions.SessionNameFor(rec.RunID)
	if calls[0].RoleSessionName != generated || calls[1].RoleSessionName != "incident-42" {
		t.Errorf("session names = %s, %s, want %s, incident-42",
			calls[0].RoleSessionName, calls[1].RoleSessionName, generated)
	}
	if rec.Connection.RoleSessionName != generated {
		t.Errorf("record session name = %q, want %q", rec.Connection.RoleSessionName, generated)
	}
	keys := []string{calls[0].Issued, calls[0].Issued, calls[1].Issued}
	for i, req := range s3Fake.Requests() {
		if req.AccessKey != keys[i] {
			t.Errorf("S3 request %d signed by %s, want %s", i, req.AccessKey, keys[i])
		}
	}
}

func TestRunRolePerLoopItem(t *testing.T) {
	r, _, stsFake := fakeRunner(t)
	audit := "arn:aws:iam::123456789012:role/audit"
	rec := r.Run(context.Background(), mustLoad(t, `
name: accounts
inputs:
  roles: {type: list}
steps:
  - id: each
    action: s3.list_buckets
    for_each: $.inputs.roles
    connection: {role_arn: $.item, role_session_name: "s3play-{{ $.index }}"}
`), map[string]any{"roles": []any{opsRole, audit}})
	if rec.Status != actions.Succeeded {
		t.Fatalf("run status = %s; steps: %v", rec.Status, stepSummary(rec))
	}
	calls := stsFake.AssumeRoleCalls()
	if len(calls) != 2 || calls[0].RoleARN != opsRole || calls[1].RoleARN != audit {
		t.Fatalf("AssumeRole calls = %+v, want ops then audit", calls)
	}
	if calls[1].RoleSessionName != "s3play-1" {
		t.Errorf("second session name = %s, want s3play-1", calls[1].RoleSessionName)
	}
	if n := len(rec.Steps[0].Connections); n != 2 {
		t.Errorf("step connections = %d, want 2", n)
	}
}

// runInvalidConnection runs one list step that must fail validation
// before any request, and returns its failure.
func runInvalidConnection(t *testing.T, r *Runner, src string, inputs map[string]any) *actions.Failure {
	t.Helper()
	s3Fake, stsFake := fakeaws.NewS3(t), fakeaws.NewSTS(t)
	r.Env.EndpointURL, r.Env.STSEndpointURL = s3Fake.URL, stsFake.URL
	rec := r.Run(context.Background(), mustLoad(t, src), inputs)
	step := rec.Steps[0]
	if step.Status != actions.Failed || step.Error == nil {
		t.Fatalf("step status = %s, error = %v, want Failed", step.Status, step.Error)
	}
	if step.Error.StatusCode != actions.CodeValidation {
		t.Errorf("status code = %s, want %s", step.Error.StatusCode, actions.CodeValidation)
	}
	if n := len(s3Fake.Requests()) + len(stsFake.Requests()); n != 0 {
		t.Errorf("requests = %d, want none before validation", n)
	}
	return step.Error
}

func TestRunSessionNameFromInputRejected(t *testing.T) {
	r, _, _ := fakeRunner(t)
	for _, name := range rejectedSessionNames {
		f := runInvalidConnection(t, r, `
name: names
inputs:
  name: {type: string}
steps:
  - id: list
    action: s3.list_buckets
    connection: {role_arn: `+opsRole+`, role_session_name: $.inputs.name}
`, map[string]any{"name": name})
		if !strings.Contains(f.Message, "role_session_name") || !strings.Contains(f.Message, sessionRule) {
			t.Errorf("%q: message %q does not name the field and the rule", name, f.Message)
		}
	}
}

func TestRunSessionDurationFromInputRejected(t *testing.T) {
	r, _, _ := fakeRunner(t)
	f := runInvalidConnection(t, r, `
name: durations
inputs:
  seconds: {type: integer}
steps:
  - id: list
    action: s3.list_buckets
    connection: {role_arn: `+opsRole+`, session_duration: $.inputs.seconds}
`, map[string]any{"seconds": float64(600)})
	if !strings.Contains(f.Message, "session_duration") || !strings.Contains(f.Message, "900 to 43200") {
		t.Errorf("message %q does not name the field and the range", f.Message)
	}
}

func TestRunSessionNameFromFlagRejected(t *testing.T) {
	r, _, _ := fakeRunner(t)
	r.Flags = actions.Overrides{RoleARN: ptr(opsRole), RoleSessionName: ptr("a:b")}
	f := runInvalidConnection(t, r, "name: flags\nsteps:\n  - id: list\n    action: s3.list_buckets\n", nil)
	if !strings.Contains(f.Message, "role_session_name") {
		t.Errorf("message %q does not name the field", f.Message)
	}
}

func TestRunAssumeRoleValidationError(t *testing.T) {
	r, s3Fake, stsFake := fakeRunner(t)
	stsFake.FailAssumeRole(fakeaws.Fault{Status: 400, Code: "ValidationError",
		Message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."})
	rec := r.Run(context.Background(), mustLoad(t, `
name: chained
steps:
  - id: list
    action: s3.list_buckets
    connection: {role_arn: `+opsRole+`, session_duration: 7200}
`), nil)
	f := rec.Steps[0].Error
	if rec.Steps[0].Status != actions.Failed || f == nil {
		t.Fatalf("step = %+v, want Failed with an error", rec.Steps[0])
	}
	if f.Indicator != "List Buckets failed." || f.StatusCode != "400" {
		t.Errorf("failure = %q / %q, want List Buckets failed. / 400", f.Indicator, f.StatusCode)
	}
	want := "An error occurred (ValidationError) when calling the AssumeRole operation: " +
		"The requested DurationSeconds exceeds the 1 hour session limit"
	if !strings.HasPrefix(f.Message, want) {
		t.Errorf("message = %q, want it to start with %q", f.Message, want)
	}
	if f.Hint == "" {
		t.Error("no hint for an AssumeRole ValidationError")
	}
	if calls := stsFake.AssumeRoleCalls(); len(calls) != 1 || calls[0].DurationSeconds != "7200" {
		t.Errorf("AssumeRole calls = %+v, want one with DurationSeconds 7200", calls)
	}
	if n := len(s3Fake.Requests()); n != 0 {
		t.Errorf("S3 requests = %d, want none", n)
	}
}

func ptr[T any](v T) *T { return &v }
