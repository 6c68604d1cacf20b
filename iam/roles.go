package iam

import (
	"errors"
	"strings"

	"github.com/s3play/s3play/engine"
)

// anyRole is the resource of sts:AssumeRole when the role is known only at
// run time.
const anyRole = "arn:aws:iam::*:role/*"

// role grants sts:AssumeRole on the role the step runs as, if any.
func (b *builder) role(s *engine.Step, doc map[string]any) error {
	arn, rt, err := b.roleOf(s, doc)
	if err != nil {
		return err
	}
	if rt == nil && arn == "" {
		return nil
	}
	if len(b.roleSteps) == 0 || b.roleSteps[len(b.roleSteps)-1] != s.ID {
		b.roleSteps = append(b.roleSteps, s.ID)
	}
	if rt != nil {
		arn = anyRole
		b.note("step %s: role_arn %s, so sts:AssumeRole is granted on every role (%s)",
			s.ID, describe(rt), anyRole)
	}
	b.grants.add("sts:AssumeRole", resource{scope: scopeRole, arn: arn})
	return nil
}

// roleOf returns the step's role with the precedence of a run: the step's
// own connection, the command line, then the playbook's connection.
func (b *builder) roleOf(s *engine.Step, doc map[string]any) (string,
	*engine.RunTimeError, error) {
	switch {
	case s.Connection.RoleARN != nil:
		return *s.Connection.RoleARN, nil, nil
	case s.ConnectionRefs["role_arn"] != nil:
		return b.staticText(s.ConnectionRefs["role_arn"], doc)
	case b.roleFlag != "":
		return b.roleFlag, nil, nil
	case b.pb.Connection.RoleARN != nil:
		return *b.pb.Connection.RoleARN, nil, nil
	case b.pb.ConnectionRefs["role_arn"] != nil:
		return b.staticText(b.pb.ConnectionRefs["role_arn"], map[string]any{"inputs": b.inputs})
	}
	return "", nil, nil
}

func (b *builder) staticText(arg *engine.Arg, doc map[string]any) (string,
	*engine.RunTimeError, error) {
	v, err := arg.Static(doc)
	var rt *engine.RunTimeError
	if errors.As(err, &rt) {
		return "", rt, nil
	}
	if err != nil {
		return "", nil, err
	}
	b.noteDefaults(arg.InputsRead())
	text, _ := v.(string)
	return text, nil, nil
}

// noteRoles explains that the policy serves two identities when steps
// assume a role.
func (b *builder) noteRoles() {
	if len(b.roleSteps) == 0 {
		return
	}
	b.note("steps %s run as an assumed role. S3 checks their actions against that role, "+
		"and the identity that starts s3play needs only sts:AssumeRole for them. This policy "+
		"lists both, so attach each statement to the identity that needs it",
		strings.Join(b.roleSteps, ", "))
}
