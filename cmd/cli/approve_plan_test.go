package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3play/s3play/internal/sandbox"
)

func TestRunPlanOnSandbox(t *testing.T) {
	withoutAWSCredentials(t)
	plan := filepath.Join(t.TempDir(), "plan.json")

	code, out, errOut := execute(t, "plan", "--sandbox", demoPlaybook, "--out", plan)
	if code != ExitSuccess {
		t.Fatalf("plan exit code = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	code, out, errOut = execute(t, "run", "--sandbox", demoPlaybook, "--plan", plan)
	if code != ExitSuccess {
		t.Fatalf("run exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitSuccess,
			out, errOut)
	}
	if !strings.Contains(errOut, "still matches") {
		t.Errorf("stderr does not confirm the match:\n%s", errOut)
	}
}

func TestExitCodeOfCanceledApproval(t *testing.T) {
	if got := exitCode(fmt.Errorf("plan: %w", context.Canceled)); got != ExitCanceled {
		t.Errorf("exit code of a canceled plan = %d, want %d", got, ExitCanceled)
	}
}

// profileEndpointConfigs are AWS config files whose profile lab sends S3
// requests to ENDPOINT, in the two forms the SDK reads.
var profileEndpointConfigs = map[string]string{
	"endpoint_url": "[profile lab]\nregion = us-east-1\nendpoint_url = ENDPOINT\n",
	"services": "[profile lab]\nregion = us-east-1\nservices = lab-s3\n\n" +
		"[services lab-s3]\ns3 =\n  endpoint_url = ENDPOINT\n",
}

const emptyReportsPlaybook = `name: empty-reports
steps:
  - id: empty
    action: s3.delete_bucket_objects
    with: {bucket: demo-tmp-2, keys: ["*"], all_versions: true}
`

func TestRunPlanRejectsProfileEndpointChange(t *testing.T) {
	for form, config := range profileEndpointConfigs {
		t.Run(form, func(t *testing.T) {
			withoutAWSCredentials(t)
			approvedServer, otherServer := startSandbox(t), startSandbox(t)
			dir := t.TempDir()
			credentials := filepath.Join(dir, "credentials")
			writeFile(t, credentials, fmt.Sprintf("[lab]\naws_access_key_id = %s\n"+
				"aws_secret_access_key = %s\n", approvedServer.AccessKey, approvedServer.SecretKey))
			t.Setenv("AWS_SHARED_CREDENTIALS_FILE", credentials)
			approvedConfig := filepath.Join(dir, "config-approved")
			writeFile(t, approvedConfig, strings.ReplaceAll(config, "ENDPOINT", approvedServer.Endpoint))
			otherConfig := filepath.Join(dir, "config-other")
			writeFile(t, otherConfig, strings.ReplaceAll(config, "ENDPOINT", otherServer.Endpoint))
			playbook, plan := writePlaybook(t, emptyReportsPlaybook), filepath.Join(dir, "plan.json")

			t.Setenv("AWS_CONFIG_FILE", approvedConfig)
			code, out, errOut := execute(t, "plan", "--profile", "lab", playbook, "--out", plan)
			if code != ExitSuccess {
				t.Fatalf("plan exit code = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			t.Setenv("AWS_CONFIG_FILE", otherConfig)
			code, out, errOut = execute(t, "run", "--profile", "lab", playbook, "--plan", plan)

			if code != ExitRefused {
				t.Errorf("run exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code,
					ExitRefused, out, errOut)
			}
			if !strings.Contains(errOut, otherServer.Endpoint) {
				t.Errorf("stderr does not name the endpoint %s:\n%s", otherServer.Endpoint, errOut)
			}
			if n := countDemoObjects(t, otherServer, "demo-tmp-2"); n == 0 {
				t.Error("the run emptied demo-tmp-2 on a server the plan was not made for")
			}

			t.Setenv("AWS_CONFIG_FILE", approvedConfig)
			code, out, errOut = execute(t, "run", "--profile", "lab", playbook, "--plan", plan)
			if code != ExitSuccess {
				t.Errorf("run against the planned endpoint: exit code = %d, want %d\n"+
					"stdout:\n%s\nstderr:\n%s", code, ExitSuccess, out, errOut)
			}
			if n := countDemoObjects(t, approvedServer, "demo-tmp-2"); n != 0 {
				t.Errorf("%d objects left in demo-tmp-2 on the planned server, want 0", n)
			}
		})
	}
}

func startSandbox(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	return sb
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// countDemoObjects counts the current objects of a sandbox bucket.
func countDemoObjects(t *testing.T, sb *sandbox.Sandbox, bucket string) int {
	t.Helper()
	client := s3.New(s3.Options{Region: sb.Region, BaseEndpoint: aws.String(sb.Endpoint),
		UsePathStyle: true, Credentials: sb.Credentials()})
	out, err := client.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{
		Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatalf("list %s on %s: %v", bucket, sb.Endpoint, err)
	}
	return len(out.Contents)
}
