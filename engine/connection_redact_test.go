package engine

import "testing"

func TestWithoutUserInfo(t *testing.T) {
	cases := map[string]string{
		"http://user:secret@127.0.0.1:9000/base": "http://127.0.0.1:9000/base",
		"https://token@s3.example.test":          "https://s3.example.test",
		"http://127.0.0.1:9000":                  "http://127.0.0.1:9000",
		"":                                       "",
	}
	for in, want := range cases {
		if got := withoutUserInfo(in); got != want {
			t.Errorf("withoutUserInfo(%q) = %q, want %q", in, got, want)
		}
	}
}
