package actions

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

const callerIdentityReply = `<GetCallerIdentityResponse><GetCallerIdentityResult>` +
	`<Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/tester</Arn>` +
	`<UserId>AIDATESTER</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>`

// fakeSTS answers GetCallerIdentity and records the actions requested.
func fakeSTS(t *testing.T) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var actions []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		mu.Lock()
		actions = append(actions, form.Get("Action"))
		mu.Unlock()
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, callerIdentityReply)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), actions...)
	}
}

func TestConnectionServerSkipsSTS(t *testing.T) {
	call, srv := serverCall(t, nil)
	// A wrong decision would reach this fake instead of a default AWS endpoint.
	sts, requests := fakeSTS(t)
	t.Setenv("AWS_ENDPOINT_URL_STS", sts.URL)
	srv.Bucket(t, "s3play-conn-")
	res, err := runAction(t, call, "s3.test_connection")
	if err != nil {
		t.Fatal(err)
	}
	out := res.Output.(map[string]any)
	if out["Reachable"] != true {
		t.Errorf("Reachable = %v, want true", out["Reachable"])
	}
	if n, _ := out["BucketCount"].(float64); n < 1 {
		t.Errorf("BucketCount = %v, want at least 1", out["BucketCount"])
	}
	if out["Identity"] != nil {
		t.Errorf("Identity = %v, want null without an STS endpoint", out["Identity"])
	}
	if got := requests(); len(got) != 0 {
		t.Errorf("STS requests = %v, want none", got)
	}
}

func TestConnectionIdentity(t *testing.T) {
	sts, requests := fakeSTS(t)
	call, _ := serverCall(t, nil)
	call.Settings.STSEndpointURL = sts.URL
	res, err := runAction(t, call, "s3.test_connection")
	if err != nil {
		t.Fatal(err)
	}
	identity, ok := res.Output.(map[string]any)["Identity"].(map[string]any)
	if !ok {
		t.Fatalf("Identity = %v, want a map", res.Output.(map[string]any)["Identity"])
	}
	if identity["Account"] != "123456789012" {
		t.Errorf("Account = %v, want 123456789012", identity["Account"])
	}
	if got := requests(); len(got) != 1 || got[0] != "GetCallerIdentity" {
		t.Errorf("STS requests = %v, want one GetCallerIdentity", got)
	}
}

func TestConnectionUsesSTS(t *testing.T) {
	cases := []struct {
		settings Settings
		want     bool
	}{
		{Settings{}, true},
		{Settings{EndpointURL: "http://127.0.0.1:9000"}, false},
		{Settings{EndpointURL: "http://127.0.0.1:9000", STSEndpointURL: "http://127.0.0.1:9001"}, true},
	}
	for _, c := range cases {
		if got := usesSTS(c.settings); got != c.want {
			t.Errorf("usesSTS(%+v) = %v, want %v", c.settings, got, c.want)
		}
	}
}
