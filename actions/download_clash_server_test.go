package actions

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planAndRun plans and then runs a download, and checks that both give
// each key the wanted status.
func planAndRun(t *testing.T, call *Call, want map[string]Status) *Result {
	t.Helper()
	planned, err := planAction(t, call, "s3.download_files")
	if err != nil {
		t.Fatal(err)
	}
	ran, err := runAction(t, call, "s3.download_files")
	if err != nil {
		t.Fatal(err)
	}
	for name, res := range map[string]*Result{"plan": planned, "run": ran} {
		for _, it := range res.Items {
			key := it.Item.(string)
			if it.Status != want[key] {
				t.Errorf("%s: %s is %s, want %s (%+v)", name, key, it.Status, want[key], it.Error)
			}
		}
	}
	return ran
}

func TestDownloadLocalPathTakenPlanMatchesRun(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-dlclash-")
	keys := []string{"taken/x.txt", "link/y.txt", "folder", "ok.txt"}
	putBodies(t, srv.Client(), bucket, keys...)
	destination := t.TempDir()
	if err := os.WriteFile(filepath.Join(destination, "taken"), []byte("a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(t.TempDir(), filepath.Join(destination, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(destination, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	call.Params = Params{"bucket": bucket, "keys": keys, "destination": destination}

	planAndRun(t, call, map[string]Status{"taken/x.txt": Failed, "link/y.txt": Failed,
		"folder": Failed, "ok.txt": Succeeded})
	if got, err := os.ReadFile(filepath.Join(destination, "taken")); string(got) != "a file" {
		t.Errorf("the file taken now holds %q (%v)", got, err)
	}
}

// TestDownloadKeyClashPlanMatchesRun uses a fake, because versitygw's
// posix backend cannot store "dir" and "dir/inner.txt" at once, while S3
// can.
func TestDownloadKeyClashPlanMatchesRun(t *testing.T) {
	fakeCredentials(t)
	srv := httptest.NewServer(&evilBucket{})
	t.Cleanup(srv.Close)
	destination := t.TempDir()
	call := &Call{Conn: NewConnector(), Settings: Settings{EndpointURL: srv.URL},
		Params: Params{"bucket": "evil-bucket", "destination": destination,
			"keys": []string{"dir", "dir/inner.txt", "marker/", "marker/in.txt"}}}

	// The fake sends 7 bytes for every key, so the folder marker marker/
	// fails too, for its body.
	ran := planAndRun(t, call, map[string]Status{"dir": Failed, "dir/inner.txt": Succeeded,
		"marker/": Failed, "marker/in.txt": Succeeded})
	for _, it := range ran.Items {
		if it.Item == "dir" && (it.Error == nil || !strings.Contains(it.Error.Message, "dir/inner.txt")) {
			t.Errorf("the failure of dir does not name dir/inner.txt: %+v", it.Error)
		}
	}
	if _, err := os.Stat(filepath.Join(destination, "dir", "inner.txt")); err != nil {
		t.Errorf("dir/inner.txt was not written: %v", err)
	}
}

func TestDownloadIntoFileRejected(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-dlfile-")
	putBodies(t, srv.Client(), bucket, "a.txt")
	destination := filepath.Join(t.TempDir(), "afile")
	if err := os.WriteFile(destination, []byte("a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	call.Params = Params{"bucket": bucket, "keys": []string{"a.txt"}, "destination": destination}

	for _, mode := range []string{"plan", "run"} {
		var err error
		if mode == "plan" {
			_, err = planAction(t, call, "s3.download_files")
		} else {
			_, err = runAction(t, call, "s3.download_files")
		}
		if err == nil || !strings.Contains(err.Error(), "is not a folder") {
			t.Errorf("%s: error = %v, want one saying the destination is not a folder", mode, err)
		}
	}
}

func TestDownloadKeepsExistingFile(t *testing.T) {
	call, srv := serverCall(t, nil)
	bucket := srv.Bucket(t, "s3play-dlkeep-")
	putBodies(t, srv.Client(), bucket, ".ssh/authorized_keys", "new.txt")
	destination := t.TempDir()
	if err := os.MkdirAll(filepath.Join(destination, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(destination, ".ssh", "authorized_keys")
	if err := os.WriteFile(mine, []byte("my key"), 0o600); err != nil {
		t.Fatal(err)
	}
	call.Params = Params{"bucket": bucket, "keys": []string{"*"}, "destination": destination}

	ran := planAndRun(t, call, map[string]Status{".ssh/authorized_keys": Failed,
		"new.txt": Succeeded})
	for _, it := range ran.Items {
		if it.Item == ".ssh/authorized_keys" &&
			(it.Error == nil || !strings.Contains(it.Error.Message, "overwrite: true")) {
			t.Errorf("the failure does not point to overwrite: %+v", it.Error)
		}
	}
	if got, _ := os.ReadFile(mine); string(got) != "my key" {
		t.Errorf("authorized_keys now holds %q, want it kept", got)
	}
}
