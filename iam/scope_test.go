package iam

import (
	"testing"

	"github.com/s3play/s3play/actions"
)

func TestEveryActionIAMHasScope(t *testing.T) {
	for _, name := range actions.Names() {
		a, _ := actions.Lookup(name)
		for _, act := range a.Spec().IAM {
			if _, err := scopeOf(act); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}

func TestCovers(t *testing.T) {
	cases := []struct {
		name string
		w, r resource
		want bool
	}{
		{"every bucket", bucketResource("", true), bucketResource("logs", false), true},
		{"prefix", bucketResource("tmp-", true), bucketResource("tmp-a", false), true},
		{"prefix of prefix", bucketResource("tmp-", true), bucketResource("tmp-a", true), true},
		{"other prefix", bucketResource("tmp-", true), bucketResource("prod", false), false},
		{"narrower pattern", bucketResource("tmp-a", true), bucketResource("tmp-", true), false},
		{"same name", bucketResource("logs", false), bucketResource("logs", false), false},
		{"bucket over object", bucketResource("", true),
			resource{scope: scopeObject, bucket: "logs"}, false},
		{"key prefix", resource{scope: scopeObject, bucket: "logs"},
			resource{scope: scopeObject, bucket: "logs", keyPrefix: "a/"}, true},
		{"longer key prefix", resource{scope: scopeObject, bucket: "logs", keyPrefix: "a/"},
			resource{scope: scopeObject, bucket: "logs"}, false},
	}
	for _, c := range cases {
		if got := c.w.covers(c.r); got != c.want {
			t.Errorf("%s: %s covers %s = %v, want %v", c.name, c.w, c.r, got, c.want)
		}
	}
}
