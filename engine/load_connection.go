package engine

import (
	"time"

	"gopkg.in/yaml.v3"

	"github.com/s3play/s3play/actions"
)

var playbookConnectionKeys = []string{
	"region", "profile", "endpoint_url", "sts_endpoint_url", "role_arn",
	"role_session_name", "session_duration", "checksum", "max_attempts",
}

// stepConnectionKeys are the overrides a single step may set. Endpoint and
// profile stay per playbook so one run talks to one account's endpoint.
var stepConnectionKeys = []string{"region", "role_arn", "role_session_name", "session_duration"}

func (l *loader) connection(n *yaml.Node, what string, known []string) actions.Overrides {
	var o actions.Overrides
	for _, f := range l.fields(n, what, known) {
		l.connectionField(&o, f, what)
	}
	l.checkConnection(o, n)
	return o
}

func (l *loader) connectionField(o *actions.Overrides, f field, what string) {
	name := what + " " + f.key.Value
	text := func() *string { s := l.str(f.value, name); return &s }
	switch f.key.Value {
	case "region":
		o.Region = text()
	case "profile":
		o.Profile = text()
	case "endpoint_url":
		o.EndpointURL = text()
	case "sts_endpoint_url":
		o.STSEndpointURL = text()
	case "role_arn":
		o.RoleARN = text()
	case "role_session_name":
		o.RoleSessionName = text()
	case "checksum":
		o.Checksum = text()
	case "session_duration":
		secs, ok := l.integer(f.value, name+" (seconds)")
		if ok && secs <= 0 {
			l.add(f.value.Line, f.value.Column, "invalid %s %d: use 900 to 43200 seconds", name, secs)
		} else if ok {
			d := time.Duration(secs) * time.Second
			o.SessionDuration = &d
		}
	case "max_attempts":
		if n, ok := l.integer(f.value, name); ok {
			o.MaxAttempts = &n
		}
	}
}

// checkConnection validates the overrides as they are written, so a bad
// session name or duration is reported before anything runs.
func (l *loader) checkConnection(o actions.Overrides, n *yaml.Node) {
	if err := (actions.Settings{}).Apply(o).Validate(); err != nil {
		l.add(n.Line, n.Column, "%v", err)
	}
}
