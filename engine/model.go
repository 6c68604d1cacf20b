// Package engine loads, validates and runs s3play playbooks.
package engine

import (
	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine/cond"
	"github.com/s3play/s3play/engine/refs"
)

// Playbook is a loaded and validated playbook.
type Playbook struct {
	File        string
	Name        string
	Description string
	Inputs      []*Input
	Connection  actions.Overrides
	Steps       []*Step
	Schedule    string
	Outputs     map[string]*Arg
	// SHA256 is the hex SHA-256 digest of the playbook file, which a plan
	// records so that a run can tell whether the playbook changed since.
	SHA256 string

	// ConnectionRefs holds the connection values that read $.inputs, by
	// key. They are evaluated when each step runs.
	ConnectionRefs map[string]*Arg
}

// Input is a typed playbook input.
type Input struct {
	Name        string
	Type        InputType
	Required    bool
	Default     any // plain value; valid only when HasDefault
	HasDefault  bool
	Description string
	Pos         Position
}

// InputType is the declared type of an input.
type InputType string

// Input types.
const (
	InputString  InputType = "string"
	InputNumber  InputType = "number"
	InputInteger InputType = "integer"
	InputBoolean InputType = "boolean"
	InputList    InputType = "list"
)

var inputTypes = []string{"string", "number", "integer", "boolean", "list"}

// Error handling modes of a step.
const (
	OnErrorFail     = "fail"
	OnErrorContinue = "continue"
)

// Step is one call of an action.
type Step struct {
	ID         string
	ActionName string
	Action     actions.Action
	Spec       actions.Spec
	With       map[string]*Arg // by parameter name
	When       *cond.Condition
	ForEach    *Arg // evaluates to a list; nil when the step does not loop
	OnError    string
	Connection actions.Overrides // the step's connection block and `with` overrides
	MaxItems   int               // 0 means no limit
	Pos        Position

	// ConnectionRefs holds the step's connection values that contain
	// references, by key. They are evaluated before each call.
	ConnectionRefs map[string]*Arg
	// connectionKeys are the connection keys the step sets, in its
	// connection block or in with, to report a key set twice.
	connectionKeys map[string]bool

	// dependsOn lists the earlier steps this step reads, for fail-closed
	// checks before a state-changing call.
	dependsOn []string
}

// Arg is a parameter value as written: a literal or a tree that contains
// references, evaluated when the step runs.
type Arg struct {
	Param actions.Param
	Pos   Position
	tree  any // plain value whose strings may be *refs.Value
}

// refsIn returns every reference inside the argument.
func (a *Arg) refsIn() []*refs.Ref {
	var out []*refs.Ref
	walkTree(a.tree, func(v *refs.Value) { out = append(out, v.Refs()...) })
	return out
}

func walkTree(t any, visit func(*refs.Value)) {
	switch v := t.(type) {
	case *refs.Value:
		visit(v)
	case []any:
		for _, e := range v {
			walkTree(e, visit)
		}
	case map[string]any:
		for _, e := range v {
			walkTree(e, visit)
		}
	}
}

// Mutates reports whether any step changes state.
func (p *Playbook) Mutates() bool {
	for _, s := range p.Steps {
		if s.Spec.Mutates {
			return true
		}
	}
	return false
}
