package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/engine/refs"
)

// eval resolves the argument's references against doc and converts the
// result to the parameter's type.
func (a *Arg) eval(ctx context.Context, doc any) (any, error) {
	if lit, ok := a.tree.(literal); ok {
		return lit.value, nil
	}
	v, err := evalTree(ctx, a.tree, doc)
	if err != nil {
		return nil, err
	}
	out, err := a.Param.Convert(v)
	if err != nil {
		return nil, &invalidValueError{name: a.Param.Name, err: err}
	}
	return out, nil
}

// invalidValueError is a resolved value of the wrong type. Its message
// names the parameter, so callers do not add the name again.
type invalidValueError struct {
	name string
	err  error
}

func (e *invalidValueError) Error() string {
	return fmt.Sprintf("invalid value for %s: %v", e.name, e.err)
}

func (e *invalidValueError) Unwrap() error { return e.err }

// nameError adds the parameter or key name to an error of eval, unless
// the error names it already.
func nameError(prefix, name string, err error) error {
	var invalid *invalidValueError
	if errors.As(err, &invalid) {
		return err
	}
	return fmt.Errorf("%s%s: %w", prefix, name, err)
}

// raw resolves the argument's references without converting the result:
// an output may be any JSON value, null included.
func (a *Arg) raw(ctx context.Context, doc any) (any, error) {
	if lit, ok := a.tree.(literal); ok {
		return lit.value, nil
	}
	return evalTree(ctx, a.tree, doc)
}

func evalTree(ctx context.Context, t any, doc any) (any, error) {
	switch v := t.(type) {
	case *refs.Value:
		return v.Eval(ctx, doc)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			r, err := evalTree(ctx, e, doc)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			r, err := evalTree(ctx, e, doc)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	}
	return t, nil
}

// resolveParams evaluates every parameter of a step and fills defaults.
func resolveParams(ctx context.Context, step *Step, doc any) (actions.Params, error) {
	params := actions.Params{}
	for _, p := range step.Spec.Params {
		arg, ok := step.With[p.Name]
		if !ok {
			if p.Default != nil {
				params[p.Name] = p.Default
			}
			continue
		}
		v, err := arg.eval(ctx, doc)
		if err != nil {
			return nil, nameError("parameter ", p.Name, err)
		}
		params[p.Name] = v
	}
	return params, nil
}

// computedParams names the step's parameters that are not plain text in
// the playbook, so actions can tell a written value from a computed one.
func computedParams(step *Step) map[string]bool {
	out := map[string]bool{}
	for name, arg := range step.With {
		if _, written := arg.tree.(literal); !written {
			out[name] = true
		}
	}
	return out
}
