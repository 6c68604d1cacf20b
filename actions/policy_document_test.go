package actions

import (
	"strings"
	"testing"
)

// validPolicy returns a policy with one public read statement that each
// test case may change.
func validPolicy() map[string]any {
	return map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid":       "PublicRead",
			"Effect":    "Allow",
			"Principal": "*",
			"Action":    "s3:GetObject",
			"Resource":  "arn:aws:s3:::b/home/${aws:username}/*",
		}},
	}
}

func firstStatement(doc map[string]any) map[string]any {
	return doc["Statement"].([]any)[0].(map[string]any)
}

func TestParsePolicyRejects(t *testing.T) {
	cases := []struct {
		name   string
		change func(doc map[string]any)
		want   string
	}{
		{"missing version", func(d map[string]any) { delete(d, "Version") },
			`missing Version: add "Version": "2012-10-17"`},
		{"unknown version", func(d map[string]any) { d["Version"] = "2024-01-01" },
			`Version "2024-01-01" is invalid`},
		{"missing statement", func(d map[string]any) { delete(d, "Statement") },
			"missing Statement"},
		{"empty statement", func(d map[string]any) { d["Statement"] = []any{} },
			"Statement is empty"},
		{"statement string", func(d map[string]any) { d["Statement"] = "allow all" },
			"Statement must be an object or a list of objects"},
		{"unknown field", func(d map[string]any) { d["Statements"] = []any{} },
			`unknown field "Statements"`},
		{"missing effect", func(d map[string]any) { delete(firstStatement(d), "Effect") },
			`Statement[0] is missing Effect: use "Allow" or "Deny"`},
		{"lowercase effect", func(d map[string]any) { firstStatement(d)["Effect"] = "allow" },
			`Statement[0].Effect "allow" is invalid`},
		{"missing principal", func(d map[string]any) { delete(firstStatement(d), "Principal") },
			"Statement[0] is missing Principal (or NotPrincipal)"},
		{"principal arn string", func(d map[string]any) {
			firstStatement(d)["Principal"] = "arn:aws:iam::111122223333:root"
		}, `Statement[0].Principal "arn:aws:iam::111122223333:root" is invalid`},
		{"both actions", func(d map[string]any) { firstStatement(d)["NotAction"] = "s3:PutObject" },
			"has both Action and NotAction"},
		{"missing resource", func(d map[string]any) { delete(firstStatement(d), "Resource") },
			"missing Resource (or NotResource)"},
		{"action number", func(d map[string]any) { firstStatement(d)["Action"] = []any{1.0} },
			"Statement[0].Action[0] must be a string"},
		{"condition list", func(d map[string]any) { firstStatement(d)["Condition"] = []any{} },
			"Statement[0].Condition must be a map"},
		{"statement field typo", func(d map[string]any) { firstStatement(d)["Actions"] = "s3:*" },
			`Statement[0] has the unknown field "Actions"`},
		{"duplicate sid", func(d map[string]any) {
			d["Statement"] = append(d["Statement"].([]any), firstStatement(validPolicy()))
		}, `Statement[1] repeats the Sid "PublicRead" of Statement[0]`},
		{"too large", func(d map[string]any) {
			firstStatement(d)["Resource"] = "arn:aws:s3:::b/" + strings.Repeat("x", maxPolicySize)
		}, "more than the 20480 bytes S3 accepts"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := validPolicy()
			c.change(doc)
			_, err := parsePolicy(doc)
			if err == nil {
				t.Fatalf("parsePolicy accepted %v", doc)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %q, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestParsePolicyRejectsText(t *testing.T) {
	cases := map[any]string{
		`[{"Version": "2012-10-17"}]`: "must be a JSON object starting with '{'",
		`{"Version": "2012-10-17",`:   "policy is not valid JSON",
		float64(3):                    "policy must be a map or a JSON object in a string, got float64 3",
		nil:                           "got null",
	}
	for input, want := range cases {
		_, err := parsePolicy(input)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parsePolicy(%v) error = %v, want it to contain %q", input, err, want)
		}
	}
}

func TestParsePolicyJSONStringEqualsMap(t *testing.T) {
	text := `{"Statement": {"Resource": "arn:aws:s3:::b/home/${aws:username}/*",
		"Action": "s3:GetObject", "Principal": "*", "Effect": "Allow", "Sid": "PublicRead"},
		"Version": "2012-10-17"}`
	fromText, err := parsePolicy(text)
	if err != nil {
		t.Fatal(err)
	}
	fromMap, err := parsePolicy(validPolicy())
	if err != nil {
		t.Fatal(err)
	}
	if !samePolicy(fromText, fromMap) {
		t.Errorf("policies differ:\n%v\n%v", fromText, fromMap)
	}
	if _, ok := fromText["Statement"].([]any); !ok {
		t.Errorf("Statement = %T, want a list after normalizing", fromText["Statement"])
	}
}

func TestMarshalPolicyDeterministic(t *testing.T) {
	doc, err := parsePolicy(validPolicy())
	if err != nil {
		t.Fatal(err)
	}
	firstStatement(doc)["Condition"] = map[string]any{
		"StringLike": map[string]any{"aws:Referer": "https://example.com/?a=1&b=<2>"}}
	want := `{"Statement":[{"Action":"s3:GetObject","Condition":{"StringLike":` +
		`{"aws:Referer":"https://example.com/?a=1&b=<2>"}},"Effect":"Allow","Principal":"*",` +
		`"Resource":"arn:aws:s3:::b/home/${aws:username}/*","Sid":"PublicRead"}],` +
		`"Version":"2012-10-17"}`
	for range 20 {
		got, err := marshalPolicy(doc)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("marshalPolicy =\n%s\nwant\n%s", got, want)
		}
	}
}

func TestSamePolicyIgnoresFormatting(t *testing.T) {
	stored, err := policyFromJSON("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Sid\": " +
		"\"PublicRead\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", " +
		"\"Resource\": \"arn:aws:s3:::b/home/${aws:username}/*\"}\n}")
	if err != nil {
		t.Fatal(err)
	}
	if !samePolicy(stored, validPolicy()) {
		t.Error("samePolicy = false for a reformatted copy, want true")
	}
	changed := validPolicy()
	firstStatement(changed)["Action"] = "s3:PutObject"
	if samePolicy(stored, changed) {
		t.Error("samePolicy = true for a different action, want false")
	}
	if samePolicy(nil, stored) {
		t.Error("samePolicy(nil, policy) = true, want false")
	}
	if !samePolicy(nil, nil) {
		t.Error("samePolicy(nil, nil) = false, want true")
	}
}

func TestIsPublicAllow(t *testing.T) {
	cases := []struct {
		statement map[string]any
		want      bool
	}{
		{map[string]any{"Effect": "Allow", "Principal": "*"}, true},
		{map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "*"}}, true},
		{map[string]any{"Effect": "Allow", "Principal": map[string]any{
			"AWS": []any{"arn:aws:iam::111122223333:root", "*"}}}, true},
		{map[string]any{"Effect": "Allow", "NotPrincipal": map[string]any{
			"AWS": "arn:aws:iam::111122223333:root"}}, true},
		{map[string]any{"Effect": "Deny", "Principal": "*"}, false},
		{map[string]any{"Effect": "Allow", "Principal": map[string]any{
			"AWS": "arn:aws:iam::111122223333:root"}}, false},
		{map[string]any{"Effect": "Allow", "Principal": map[string]any{
			"Service": "logging.s3.amazonaws.com"}}, false},
	}
	for _, c := range cases {
		if got := isPublicAllow(c.statement); got != c.want {
			t.Errorf("isPublicAllow(%v) = %v, want %v", c.statement, got, c.want)
		}
	}
}

func TestWithoutPublicStatements(t *testing.T) {
	doc, err := parsePolicy(validPolicy())
	if err != nil {
		t.Fatal(err)
	}
	deny := map[string]any{"Sid": "KeepDeny", "Effect": "Deny", "Principal": "*",
		"Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::b/*"}
	doc["Statement"] = append(doc["Statement"].([]any), deny)

	remaining, removed := withoutPublicStatements(doc)
	got := remaining["Statement"].([]any)
	if len(got) != 1 || got[0].(map[string]any)["Sid"] != "KeepDeny" {
		t.Errorf("remaining statements = %v, want only KeepDeny", got)
	}
	if len(removed) != 1 || removed[0].(map[string]any)["Sid"] != "PublicRead" {
		t.Errorf("removed statements = %v, want only PublicRead", removed)
	}
	if len(doc["Statement"].([]any)) != 2 {
		t.Error("withoutPublicStatements changed its input")
	}

	onlyPublic, _ := parsePolicy(validPolicy())
	if remaining, _ := withoutPublicStatements(onlyPublic); remaining != nil {
		t.Errorf("remaining policy = %v, want nil when every statement is public", remaining)
	}
}
