package engine

import (
	"context"
	"fmt"
	"net/url"
	"slices"

	"github.com/s3play/s3play/actions"
)

// connectionSettings layers the connection for one call of the step and
// validates it, so a bad value from a reference or a flag fails the step
// before any request. doc is the run document that references read.
func (x *stepRun) connectionSettings(ctx context.Context, doc any) (actions.Settings, error) {
	playbook, err := resolveConnection(ctx, x.pb.Connection, x.pb.ConnectionRefs, doc)
	if err != nil {
		return actions.Settings{}, fmt.Errorf("playbook connection: %w", err)
	}
	step, err := resolveConnection(ctx, x.step.Connection, x.step.ConnectionRefs, doc)
	if err != nil {
		return actions.Settings{}, fmt.Errorf("connection of step %s: %w", x.step.ID, err)
	}
	s := actions.Layered(x.runner.Env, playbook, x.runner.Flags, step)
	if s.RoleARN != "" && s.RoleSessionName == "" {
		s.RoleSessionName = actions.SessionNameFor(x.runID)
	}
	if err := s.Validate(); err != nil {
		return actions.Settings{}, fmt.Errorf("connection of step %s: %w", x.step.ID, err)
	}
	return s, nil
}

// resolveConnection returns the literal overrides with the referenced
// values evaluated and set, in key order so errors are stable.
func resolveConnection(ctx context.Context, literal actions.Overrides, refs map[string]*Arg,
	doc any) (actions.Overrides, error) {
	o := literal
	keys := make([]string, 0, len(refs))
	for key := range refs {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	for _, key := range keys {
		v, err := refs[key].eval(ctx, doc)
		if err != nil {
			return o, nameError("", key, err)
		}
		setConnectionField(&o, key, v)
	}
	return o, nil
}

// noteConnection adds the settings to the step's record when they differ
// from the run's, once per distinct connection.
func (x *stepRun) noteConnection(ctx context.Context, s actions.Settings) {
	summary := x.runner.summarize(ctx, s)
	if summary == x.runConnection || slices.Contains(x.rec.Connections, summary) {
		return
	}
	x.rec.Connections = append(x.rec.Connections, summary)
}

// summarize describes settings for the record, with the region that
// requests are signed for and the endpoint they are sent to. An approved
// plan is compared by this summary, so an endpoint that comes from the AWS
// config files must be in it too.
func (r *Runner) summarize(ctx context.Context, s actions.Settings) ConnectionSummary {
	region, endpoint := s.Region, s.EndpointURL
	// Loading the AWS config reads only the environment and files, and
	// the connector caches it. An error leaves the value out, and the
	// step then fails with that error.
	if region == "" {
		region, _ = r.Conn.Region(ctx, s)
	}
	if endpoint == "" {
		endpoint, _ = r.Conn.S3Endpoint(ctx, s)
	}
	return ConnectionSummary{
		Region:          region,
		Profile:         s.Profile,
		EndpointURL:     withoutUserInfo(endpoint),
		RoleARN:         s.RoleARN,
		RoleSessionName: s.RoleSessionName,
	}
}

// runConnection summarizes the connection the run starts with: every layer
// but the steps'. A playbook reference that fails here fails each step too,
// with the error, so it is left out of the summary.
func (r *Runner) runConnection(ctx context.Context, pb *Playbook, doc any,
	runID string) ConnectionSummary {
	playbook, _ := resolveConnection(ctx, pb.Connection, pb.ConnectionRefs, doc)
	s := actions.Layered(r.Env, playbook, r.Flags, actions.Overrides{})
	if s.RoleARN != "" && s.RoleSessionName == "" {
		s.RoleSessionName = actions.SessionNameFor(runID)
	}
	return r.summarize(ctx, s)
}

// withoutUserInfo drops a user name and password from a URL, because a
// run record is shared and must never carry credentials.
func withoutUserInfo(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}
