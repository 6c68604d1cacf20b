package actions

import (
	"strings"
	"testing"
)

func TestParsePolicyDuplicateKeys(t *testing.T) {
	statement := `{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", ` +
		`"Resource": "arn:aws:s3:::logs/*"}`
	cases := map[string]string{
		`{"Version": "2012-10-17", "Version": "2008-10-17", "Statement": [` + statement + `]}`: `key "Version" twice in the policy document`,
		`{"Version": "2012-10-17", "Statement": [` + statement + `, {"Effect": "Allow", "Effect": "Deny", ` +
			`"Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"}]}`: `key "Effect" twice in policy Statement[1]`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": "a", "AWS": "b"}, ` +
			`"Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"}]}`: `key "AWS" twice in policy Statement[0].Principal`,
	}
	for text, want := range cases {
		_, err := parsePolicy(text)
		if err == nil {
			t.Errorf("parsePolicy accepted a repeated key, want %q:\n%s", want, text)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error = %q, want it to contain %q", err, want)
		}
	}
}

// The same key in different objects, and a key equal to a value, are not
// repeats.
func TestParsePolicySameKeyElsewhere(t *testing.T) {
	text := `{"Version": "2012-10-17", "Statement": [
		{"Sid": "Sid", "Effect": "Deny", "Principal": {"AWS": ["Effect", "AWS"]},
		 "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"},
		{"Sid": "Two", "Effect": "Deny", "Principal": {"AWS": "b"},
		 "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::logs/*",
		 "Condition": {"StringEquals": {"aws:username": "Effect"}}}]}`
	if _, err := parsePolicy(text); err != nil {
		t.Errorf("parsePolicy rejected a valid policy: %v", err)
	}
}
