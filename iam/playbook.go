package iam

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine"
)

// Options are the values a policy is computed for.
type Options struct {
	// Inputs are input values as given on the command line, by name.
	Inputs map[string]string
	// RoleARN is the role the command line assumes for steps that set none.
	RoleARN string
}

// Report is a policy and the notes that explain where it is wider than
// the names written in the playbook.
type Report struct {
	Policy Policy
	Notes  []string
}

// ForPlaybook returns the policy that every step of pb needs with the
// given options. A bucket or role known only at run time gets a wildcard,
// always together with a note.
func ForPlaybook(pb *engine.Playbook, opts Options) (*Report, error) {
	inputs, defaulted, err := resolveInputs(pb, opts.Inputs)
	if err != nil {
		return nil, err
	}
	b := &builder{pb: pb, roleFlag: opts.RoleARN, inputs: inputs, defaulted: defaulted,
		grants: grants{}, noted: map[string]bool{}, missing: map[string][]string{}}
	for _, s := range pb.Steps {
		if err := b.step(s); err != nil {
			return nil, fmt.Errorf("step %s: %w", s.ID, err)
		}
	}
	b.noteRoles()
	notes := append(b.missingNotes(), b.notes...)
	return &Report{Policy: b.grants.policy(), Notes: notes}, nil
}

// builder collects the grants and notes of one playbook.
type builder struct {
	pb        *engine.Playbook
	roleFlag  string
	inputs    map[string]any
	defaulted map[string]bool // inputs that hold the playbook's default
	grants    grants
	notes     []string
	noted     map[string]bool
	roleSteps []string            // steps that run as an assumed role
	missing   map[string][]string // input without a value to the steps that read it for a bucket
}

func (b *builder) note(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	if !b.noted[text] {
		b.noted[text] = true
		b.notes = append(b.notes, text)
	}
}

// missingInput records a step whose buckets read inputs without a value.
func (b *builder) missingInput(names []string, step string) {
	for _, name := range names {
		if !slices.Contains(b.missing[name], step) {
			b.missing[name] = append(b.missing[name], step)
		}
	}
}

// missingNotes returns one note per input without a value, in the order
// the playbook declares its inputs.
func (b *builder) missingNotes() []string {
	var notes []string
	for _, in := range b.pb.Inputs {
		steps := b.missing[in.Name]
		if len(steps) == 0 {
			continue
		}
		notes = append(notes, fmt.Sprintf("input %s has no value, so steps %s get their "+
			"actions on every bucket (arn:aws:s3:::*); pass --input %s=VALUE for exact ARNs",
			in.Name, strings.Join(steps, ", "), in.Name))
	}
	return notes
}

// call is one way a step calls its action: once, once per for_each item
// known before the run, or once for items known only at run time.
type call struct {
	doc         map[string]any // run document with inputs, and item and index when known
	unknownItem bool
}

func (b *builder) step(s *engine.Step) error {
	calls, err := b.calls(s)
	if err != nil {
		return err
	}
	for _, c := range calls {
		if err := b.call(s, c); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) calls(s *engine.Step) ([]call, error) {
	base := map[string]any{"inputs": b.inputs}
	if s.ForEach == nil {
		return []call{{doc: base}}, nil
	}
	v, err := s.ForEach.Static(base)
	var rt *engine.RunTimeError
	switch {
	case errors.As(err, &rt):
		return []call{{doc: base, unknownItem: true}}, nil
	case err != nil:
		return nil, fmt.Errorf("for_each: %w", err)
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("for_each must give a list, got %T", v)
	}
	calls := make([]call, len(list))
	for i, item := range list {
		calls[i] = call{doc: map[string]any{"inputs": b.inputs, "item": item, "index": i}}
	}
	return calls, nil
}

func (b *builder) call(s *engine.Step, c call) error {
	params, unknown, err := staticParams(s, c.doc)
	if err != nil {
		return err
	}
	for _, g := range actions.Grants(s.Action, params) {
		if err := b.grant(s, c, g, params, unknown); err != nil {
			return err
		}
	}
	return b.role(s, c.doc)
}

// staticParams evaluates the parameters known before the run. Parameters
// known only at run time are left out of params, as IAMFor expects, and
// listed in unknown with the reason.
func staticParams(s *engine.Step, doc map[string]any) (actions.Params,
	map[string]*engine.RunTimeError, error) {
	params := actions.Params{}
	unknown := map[string]*engine.RunTimeError{}
	for _, p := range s.Spec.Params {
		arg, given := s.With[p.Name]
		if !given {
			params[p.Name] = absentValue(p)
			continue
		}
		v, err := arg.Static(doc)
		var rt *engine.RunTimeError
		switch {
		case errors.As(err, &rt):
			unknown[p.Name] = rt
		case err != nil:
			return nil, nil, err
		default:
			params[p.Name] = v
		}
	}
	return params, unknown, nil
}

// absentValue is what an action reads for a parameter the step does not
// set: its default, or the zero value of its type.
func absentValue(p actions.Param) any {
	if p.Default != nil {
		return p.Default
	}
	switch p.Type {
	case actions.TypeString:
		return ""
	case actions.TypeStringList, actions.TypeKeyList:
		return []string{}
	case actions.TypeBool:
		return false
	case actions.TypeInt:
		return 0
	}
	return nil
}
