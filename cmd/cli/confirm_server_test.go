package cli

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/s3play/s3play/internal/testserver"
)

// replyAfter types reply on the prompt after running change, as if someone
// changed the server while the user read the plan.
type replyAfter struct {
	change func()
	reply  io.Reader
}

func (r *replyAfter) Read(p []byte) (int, error) {
	if r.change != nil {
		r.change()
		r.change = nil
	}
	return r.reply.Read(p)
}

func TestConfirmRefusesWhenStateChangedAtPrompt(t *testing.T) {
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	prefix := testserver.UniqueName("late") + "-"
	srv.CreateBucket(t, prefix+"a")
	canAsk = func(*app) bool { return true }
	t.Cleanup(func() { canAsk = (*app).interactive })

	late := prefix + "b"
	stdin := &replyAfter{change: func() { srv.CreateBucket(t, late) }, reply: strings.NewReader("yes\n")}
	var stdout, stderr bytes.Buffer
	code := Execute(context.Background(), []string{"run", "../../playbooks/delete-buckets-with-prefix.yaml",
		"--input", "prefix=" + prefix, "--endpoint-url", srv.Endpoint}, stdin, &stdout, &stderr)

	if code != ExitRefused {
		t.Fatalf("exit code = %d, want %d\n%s", code, ExitRefused, stderr.String())
	}
	if !strings.Contains(stderr.String(), late) {
		t.Errorf("the refusal does not name the new bucket %s:\n%s", late, stderr.String())
	}
	for _, b := range []string{prefix + "a", late} {
		if !srv.BucketExists(t, b) {
			t.Errorf("bucket %s was deleted although the plan changed", b)
		}
	}
}
