package engine

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/internal/sandbox"
	"github.com/s3play/s3play/internal/testserver"
)

// methodLog is a slog handler that keeps the method of every request the
// sandbox logs as served.
type methodLog struct {
	mu      sync.Mutex
	methods []string
}

func (l *methodLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *methodLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *methodLog) WithGroup(string) slog.Handler            { return l }

func (l *methodLog) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "method" {
			l.mu.Lock()
			l.methods = append(l.methods, a.Value.String())
			l.mu.Unlock()
		}
		return true
	})
	return nil
}

// writes counts the logged requests other than GET and HEAD, then clears
// the log.
func (l *methodLog) writes() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, m := range l.methods {
		if m != "GET" && m != "HEAD" {
			n++
		}
	}
	l.methods = nil
	return n
}

// loggedSandboxRunner is sandboxRunner with the sandbox's requests logged.
func loggedSandboxRunner(t *testing.T) (*Runner, *s3.Client, *methodLog) {
	t.Helper()
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	log := &methodLog{}
	sb, err := sandbox.Start(context.Background(), "127.0.0.1:0",
		sandbox.WithLogger(slog.New(log)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	runner := &Runner{Conn: actions.NewConnector(),
		Env: actions.Settings{EndpointURL: sb.Endpoint, Region: sb.Region}}
	runner.Conn.Credentials = sb.Credentials()
	client := s3.New(s3.Options{BaseEndpoint: aws.String(sb.Endpoint), UsePathStyle: true,
		Region: sb.Region, Credentials: sb.Credentials()})
	return runner, client, log
}

func planLockDown(t *testing.T, runner *Runner, bucket string) *Record {
	t.Helper()
	pb, err := LoadFile("../playbooks/lock-down-bucket.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := pb.ResolveInputs(map[string]string{"bucket": bucket})
	if err != nil {
		t.Fatal(err)
	}
	return runner.Plan(context.Background(), pb, inputs)
}

func TestLockDownPlanThenRunTwiceSandbox(t *testing.T) {
	runner, client, log := loggedSandboxRunner(t)
	bucket := "demo-keep"
	_, err := client.PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{
		Bucket: aws.String(bucket), Policy: aws.String(lockDownPolicy(bucket))})
	if err != nil {
		t.Fatal(err)
	}
	log.writes()

	plan := planLockDown(t, runner, bucket)
	if n := log.writes(); n != 0 {
		t.Errorf("the plan sent %d state-changing requests, want 0", n)
	}
	block, policy := plan.Steps[0], plan.Steps[2]
	if len(block.Changes) != 1 || len(block.Changes[0].Diff) != 5 {
		t.Errorf("block step changes = %+v, want one with the missing configuration and "+
			"4 settings", block.Changes)
	}
	if len(policy.Changes) != 1 || len(policy.Changes[0].Diff) != 1 ||
		!strings.Contains(policy.Changes[0].Diff[0], "PublicRead") {
		t.Errorf("policy step changes = %+v, want one diff line removing PublicRead",
			policy.Changes)
	}

	if rec := runLockDown(t, runner, bucket); rec.Status != actions.Succeeded {
		t.Fatalf("first run status = %s; %v", rec.Status, stepSummary(rec))
	}
	if n := log.writes(); n != 2 {
		t.Errorf("the first run sent %d state-changing requests, want 2", n)
	}
	again := runLockDown(t, runner, bucket)
	if n := log.writes(); n != 0 {
		t.Errorf("the second run sent %d state-changing requests, want 0", n)
	}
	if again.Steps[0].Status != actions.Skipped || again.Steps[2].Status != actions.Skipped {
		t.Errorf("second run: %v, want both put steps Skipped", stepSummary(again))
	}

	replan := planLockDown(t, runner, bucket)
	for _, step := range replan.Steps {
		if len(step.Changes) != 0 {
			t.Errorf("a plan after the lock-down lists changes in step %s: %+v", step.ID,
				step.Changes)
		}
	}
}

func TestLockDownTwiceServer(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	bucket := srv.Bucket(t, "s3play-lock2-")
	_, err := srv.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{
		Bucket: aws.String(bucket), Policy: aws.String(lockDownPolicy(bucket))})
	if err != nil {
		t.Fatal(err)
	}
	proxy := srv.Record(t)
	runner := newTestRunner(srv)
	runner.Env.EndpointURL = proxy.Endpoint

	runLockDown(t, runner, bucket)
	if writes := proxy.Writes(); len(writes) != 1 || !strings.HasPrefix(writes[0], "PUT /"+bucket) {
		t.Errorf("first run writes = %v, want the one PUT of the policy", writes)
	}
	again := runLockDown(t, runner, bucket)
	if writes := proxy.Writes(); len(writes) != 1 {
		t.Errorf("writes after the second run = %v, want still only the first PUT", writes)
	}
	if step := again.Steps[2]; step.Status != actions.Skipped {
		t.Errorf("second run policy step = %s, want Skipped", step.Status)
	}
}
