package actions

import (
	"slices"
	"strings"
	"testing"
)

// accountWide are the IAM actions that apply to no bucket.
var accountWide = []string{"s3:ListAllMyBuckets", "sts:GetCallerIdentity"}

func grantedActions(grants []Grant) []string {
	var out []string
	for _, g := range grants {
		out = append(out, g.Actions...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestGrantsUnknownParamsMatchSpec(t *testing.T) {
	for _, name := range Names() {
		a, _ := Lookup(name)
		spec := a.Spec()
		// A plan runs before an interactive or approved run, so its reads
		// are granted too.
		want := append(slices.Clone(spec.IAM), spec.PlanIAM...)
		slices.Sort(want)
		want = slices.Compact(want)
		got := grantedActions(Grants(a, Params{}))
		if !slices.Equal(got, want) {
			t.Errorf("%s: grants with unknown parameters = %v, Spec.IAM and PlanIAM = %v", name, got, want)
		}
	}
}

func TestGrantsNameEveryBucketParam(t *testing.T) {
	for _, name := range Names() {
		a, _ := Lookup(name)
		named := map[string]bool{}
		for _, g := range Grants(a, Params{}) {
			named[g.Bucket] = true
			if g.Bucket == "" {
				for _, act := range g.Actions {
					if !slices.Contains(accountWide, act) {
						t.Errorf("%s: %s is granted on no bucket", name, act)
					}
				}
				continue
			}
			if _, ok := a.Spec().Param(g.Bucket); !ok {
				t.Errorf("%s: grant names unknown parameter %q", name, g.Bucket)
			}
		}
		for _, p := range a.Spec().Params {
			// bucket, bucket_names, source_bucket; not restrict_public_buckets.
			namesBucket := slices.Contains(strings.Split(p.Name, "_"), "bucket")
			if namesBucket && !named[p.Name] {
				t.Errorf("%s: parameter %s names a bucket but no grant uses it", name, p.Name)
			}
		}
	}
}

func TestIAMForDependsOnParams(t *testing.T) {
	cases := []struct {
		name   string
		action string
		params Params
		want   []string
	}{
		{"delete named keys", "s3.delete_bucket_objects",
			Params{"keys": []string{"a.txt"}, "all_versions": false},
			[]string{"s3:DeleteObject"}},
		{"delete named keys, all versions", "s3.delete_bucket_objects",
			Params{"keys": []string{"a.txt"}, "all_versions": true},
			[]string{"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ListBucketVersions"}},
		{"empty bucket", "s3.delete_bucket_objects",
			Params{"keys": []string{"*"}, "all_versions": false},
			[]string{"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:ListBucket",
				"s3:ListBucketMultipartUploads"}},
		{"empty bucket, all versions", "s3.delete_bucket_objects",
			Params{"keys": []string{"*"}, "all_versions": true},
			[]string{"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:DeleteObjectVersion",
				"s3:ListBucketMultipartUploads", "s3:ListBucketVersions"}},
		{"delete unknown keys", "s3.delete_bucket_objects",
			Params{"all_versions": true},
			[]string{"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:DeleteObjectVersion",
				"s3:ListBucketMultipartUploads", "s3:ListBucketVersions"}},
		{"download named keys", "s3.download_files",
			Params{"keys": []string{"a.txt"}}, []string{"s3:GetObject"}},
		{"download every key", "s3.download_files",
			Params{"keys": []string{"*"}}, []string{"s3:GetObject", "s3:ListBucket"}},
		{"put policy", "s3.put_bucket_policy",
			Params{"remove_public_statements": false},
			[]string{"s3:GetBucketPolicy", "s3:PutBucketPolicy"}},
		{"put policy, remove public", "s3.put_bucket_policy",
			Params{"remove_public_statements": true},
			[]string{"s3:DeleteBucketPolicy", "s3:GetBucketPolicy", "s3:PutBucketPolicy"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, _ := Lookup(c.action)
			got := grantedActions(Grants(a, c.params))
			if !slices.Equal(got, c.want) {
				t.Errorf("grants = %v, want %v", got, c.want)
			}
		})
	}
}

func TestIAMForKeyPrefix(t *testing.T) {
	upload, _ := Lookup("s3.upload_files")
	if g := Grants(upload, Params{"folder": "/cases/IR-7/"}); g[0].KeyPrefix != "cases/IR-7/" {
		t.Errorf("upload key prefix = %q, want cases/IR-7/", g[0].KeyPrefix)
	}
	if g := Grants(upload, Params{}); g[0].KeyPrefix != "" {
		t.Errorf("upload with unknown folder has key prefix %q, want none", g[0].KeyPrefix)
	}
	move, _ := Lookup("s3.move_files")
	grants := Grants(move, Params{"destination_path": "IR-7"})
	for _, g := range grants {
		want := ""
		if g.Bucket == "destination_bucket" {
			want = "IR-7/"
		}
		if g.KeyPrefix != want {
			t.Errorf("move %s key prefix = %q, want %q", g.Bucket, g.KeyPrefix, want)
		}
	}
}
