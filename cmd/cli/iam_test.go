package cli

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata")

// noNetwork makes any network call fail: no proxy accepts on port 1, and
// the SDK does not ask the instance metadata service.
func noNetwork(t *testing.T) {
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:1")
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

type policyDoc struct {
	Version   string
	Statement []struct {
		Sid      string
		Effect   string
		Action   []string
		Resource []string
	}
}

func parsePolicy(t *testing.T, out string) policyDoc {
	t.Helper()
	var p policyDoc
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("output is not a policy: %v\n%s", err, out)
	}
	return p
}

func (p policyDoc) actions() []string {
	var out []string
	for _, s := range p.Statement {
		out = append(out, s.Action...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (p policyDoc) resources(action string) []string {
	var out []string
	for _, s := range p.Statement {
		if slices.Contains(s.Action, action) {
			out = append(out, s.Resource...)
		}
	}
	slices.Sort(out)
	return out
}

// The expected actions are read off each playbook's steps and the SDK
// calls their actions make, not computed by the iam package.
var shippedPlaybookActions = map[string][]string{
	"collect-evidence.yaml": {"s3:GetObject", "s3:ListBucket"},
	"delete-buckets-with-prefix.yaml": {"s3:AbortMultipartUpload", "s3:DeleteBucket",
		"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ListAllMyBuckets",
		"s3:ListBucketMultipartUploads", "s3:ListBucketVersions"},
	"demo.yaml": {"s3:AbortMultipartUpload", "s3:DeleteBucket", "s3:DeleteObject",
		"s3:DeleteObjectVersion", "s3:ListAllMyBuckets", "s3:ListBucket",
		"s3:ListBucketMultipartUploads", "s3:ListBucketVersions", "sts:GetCallerIdentity"},
	"empty-and-delete-bucket.yaml": {"s3:AbortMultipartUpload", "s3:DeleteBucket",
		"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ListBucketMultipartUploads",
		"s3:ListBucketVersions"},
	"lock-down-bucket.yaml": {"s3:DeleteBucketPolicy", "s3:GetBucketPolicy",
		"s3:GetBucketPublicAccessBlock", "s3:PutBucketPolicy", "s3:PutBucketPublicAccessBlock"},
	"remediate-public-buckets.yaml": {"s3:DeleteBucketPolicy", "s3:GetBucketPolicy",
		"s3:GetBucketPublicAccessBlock", "s3:ListAllMyBuckets", "s3:PutBucketPolicy",
		"s3:PutBucketPublicAccessBlock"},
	"quarantine-objects.yaml": {"s3:AbortMultipartUpload", "s3:DeleteObject",
		"s3:DeleteObjectVersion", "s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetObject",
		"s3:GetObjectTagging", "s3:GetObjectVersion", "s3:GetObjectVersionTagging",
		"s3:ListBucket", "s3:PutObject", "s3:PutObjectTagging"},
}

func TestIAMShippedPlaybookActions(t *testing.T) {
	noNetwork(t)
	files, _ := filepath.Glob("../../playbooks/*.yaml")
	if len(files) != len(shippedPlaybookActions) {
		t.Errorf("%d playbooks shipped, %d expected action sets", len(files),
			len(shippedPlaybookActions))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			want, ok := shippedPlaybookActions[filepath.Base(file)]
			if !ok {
				t.Fatal("no expected action set: add one")
			}
			code, out, errOut := execute(t, "iam", file)
			if code != ExitSuccess {
				t.Fatalf("exit code = %d\n%s", code, errOut)
			}
			if got := parsePolicy(t, out).actions(); !slices.Equal(got, want) {
				t.Errorf("actions = %v\nwant      %v", got, want)
			}
		})
	}
}

func TestIAMInputGivesExactARN(t *testing.T) {
	noNetwork(t)
	code, out, errOut := execute(t, "iam", "../../playbooks/lock-down-bucket.yaml",
		"--input", "bucket=public-assets")
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	p := parsePolicy(t, out)
	for _, action := range p.actions() {
		if got := p.resources(action); !slices.Equal(got, []string{"arn:aws:s3:::public-assets"}) {
			t.Errorf("%s resources = %v, want arn:aws:s3:::public-assets", action, got)
		}
	}
	if errOut != "" {
		t.Errorf("notes for a playbook whose buckets are all known: %s", errOut)
	}
}

func TestIAMReferenceGivesWildcardAndNote(t *testing.T) {
	noNetwork(t)
	path := writePlaybook(t, `name: delete-listed
steps:
  - id: buckets
    action: s3.list_buckets
  - id: delete
    action: s3.delete_buckets
    with:
      bucket_names: $.steps.buckets.output.Buckets[*].Name
`)
	code, out, errOut := execute(t, "iam", path)
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	if got := parsePolicy(t, out).resources("s3:DeleteBucket"); !slices.Equal(got,
		[]string{"arn:aws:s3:::*"}) {
		t.Errorf("s3:DeleteBucket resources = %v, want every bucket", got)
	}
	want := "note: step delete: bucket_names reads $.steps.buckets.output.Buckets[*].Name"
	if !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut)
	}
}

func TestIAMPrefixConditionNarrowsWildcard(t *testing.T) {
	noNetwork(t)
	code, out, errOut := execute(t, "iam", "../../playbooks/delete-buckets-with-prefix.yaml",
		"--input", "prefix=scratch-")
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	p := parsePolicy(t, out)
	for _, action := range []string{"s3:ListBucketVersions", "s3:DeleteBucket"} {
		if got := p.resources(action); !slices.Equal(got, []string{"arn:aws:s3:::scratch-*"}) {
			t.Errorf("%s resources = %v, want arn:aws:s3:::scratch-*", action, got)
		}
	}
	if got := p.resources("s3:DeleteObject"); !slices.Equal(got,
		[]string{"arn:aws:s3:::scratch-*/*"}) {
		t.Errorf("s3:DeleteObject resources = %v, want arn:aws:s3:::scratch-*/*", got)
	}
	for _, want := range []string{"note: step empty:", "note: step delete:", "scratch-"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestIAMJSONOutputMatchesText(t *testing.T) {
	noNetwork(t)
	file := "../../playbooks/demo.yaml"
	_, text, _ := execute(t, "iam", file)
	code, jsonOut, _ := execute(t, "iam", file, "--output", "json")
	if code != ExitSuccess || jsonOut != text {
		t.Errorf("exit code %d; --output json differs from text output:\n%s\n%s", code, jsonOut, text)
	}
}

func TestIAMInvalidInput(t *testing.T) {
	noNetwork(t)
	for _, arg := range []string{"bukcet=x", "bucket=Not_A_Bucket", "bucket"} {
		code, out, errOut := execute(t, "iam", "../../playbooks/lock-down-bucket.yaml",
			"--input", arg)
		if code != ExitUsage || out != "" || errOut == "" {
			t.Errorf("--input %s: exit code %d, stdout %q, stderr %q", arg, code, out, errOut)
		}
	}
}

func TestIAMGolden(t *testing.T) {
	noNetwork(t)
	cases := []struct {
		name string
		args []string
	}{
		{"demo", []string{"../../playbooks/demo.yaml"}},
		{"quarantine-objects", []string{"../../playbooks/quarantine-objects.yaml",
			"--input", "source_bucket=web-uploads", "--input", "quarantine_bucket=ir-quarantine",
			"--input", "case_id=IR-7", "--input", "prefix=incoming/"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := execute(t, append([]string{"iam"}, c.args...)...)
			if code != ExitSuccess {
				t.Fatalf("exit code = %d\n%s", code, errOut)
			}
			got := out + "--- stderr ---\n" + errOut
			compareGolden(t, filepath.Join("testdata", "iam", c.name+".golden"), got)
		})
	}
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run go test ./cmd/cli -run Golden -update", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd/cli -run Golden -update rewrites it):\n%s",
			path, got)
	}
}

// An interactive run and run --plan make a plan first, so the policy
// covers the reads only a plan makes.
func TestIAMIncludesPlanReads(t *testing.T) {
	noNetwork(t)
	path := writePlaybook(t, `name: create
steps:
  - id: create
    action: s3.create_buckets
    with:
      bucket_names: [evidence-2024]
`)
	code, out, errOut := execute(t, "iam", path)
	if code != ExitSuccess {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	policy := parsePolicy(t, out)
	for _, action := range []string{"s3:CreateBucket", "s3:ListBucket"} {
		if got := policy.resources(action); !slices.Equal(got, []string{"arn:aws:s3:::evidence-2024"}) {
			t.Errorf("%s resources = %v, want the bucket ARN", action, got)
		}
	}
}
