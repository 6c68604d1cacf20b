package actions

import (
	"strings"
	"testing"
)

func TestSettingsRejectBadNames(t *testing.T) {
	cases := []struct {
		settings Settings
		want     string
	}{
		{Settings{Region: "us east 1"}, "invalid region"},
		{Settings{Region: "us-east-1/x"}, "invalid region"},
		{Settings{RoleARN: "not-an-arn"}, "invalid role_arn"},
		{Settings{RoleARN: "arn:aws:iam::12345:role/x"}, "invalid role_arn"},
		{Settings{EndpointURL: "127.0.0.1:9000"}, "invalid endpoint_url"},
		{Settings{EndpointURL: "ftp://127.0.0.1"}, "invalid endpoint_url"},
		{Settings{EndpointURL: "http://user:pw@127.0.0.1:9000"}, "user name or password"},
		{Settings{STSEndpointURL: "sts.local"}, "invalid sts_endpoint_url"},
	}
	for _, c := range cases {
		err := c.settings.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error = %v, want %q", c.settings, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "pw") {
			t.Errorf("the error repeats the password: %v", err)
		}
	}
}

func TestSettingsAcceptGoodNames(t *testing.T) {
	good := []Settings{
		{Region: "us-east-1"},
		{Region: "garage"},
		{RoleARN: "arn:aws:iam::123456789012:role/ops/Responder"},
		{RoleARN: "arn:aws-us-gov:iam::123456789012:role/x"},
		{EndpointURL: "http://127.0.0.1:9000"},
		{EndpointURL: "https://s3.example.test/base"},
	}
	for _, s := range good {
		if err := s.Validate(); err != nil {
			t.Errorf("%+v: %v", s, err)
		}
	}
}
