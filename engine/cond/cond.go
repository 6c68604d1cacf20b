// Package cond compiles and evaluates step conditions. A condition is an
// expr-lang expression over the run document: inputs, steps, item and
// index are the only names it can read.
//
// Numbers that come from JSON are float64, so `%` is rewritten to a
// function that accepts them when they hold whole values. A field that
// does not exist reads as nil; `??` supplies a default and `?.` reads
// through a missing object, for example
// `len(steps.list.output.Contents ?? []) > 0`.
package cond

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// Condition is a compiled `when` expression.
type Condition struct {
	src      string
	program  *vm.Program
	steps    []string
	inputs   []string
	fields   []StepField
	usesItem bool
}

// StepField is a field read directly from a step's entry, such as status
// in steps.list.status.
type StepField struct {
	Step, Field string
}

// modFunc is the name `%` is rewritten to.
const modFunc = "__mod"

// Compile checks src and compiles it. Unknown names, syntax errors and
// expressions whose result cannot be a boolean are reported here, before
// anything runs.
func Compile(src string) (*Condition, error) {
	c := &Condition{src: src}
	program, err := expr.Compile(src,
		expr.Env(env{}),
		expr.AsBool(),
		expr.Patch(modPatch{}),
		expr.Function(modFunc, mod, new(func(any, any) any)),
	)
	if err != nil {
		return nil, err
	}
	c.program = program
	c.collect(program.Node())
	return c, nil
}

// env declares the names a condition may use, so a typo such as `itme`
// fails at load time. Every field is typed any because a loop item and a
// step output can hold any JSON value.
type env struct {
	Inputs any `expr:"inputs"`
	Steps  any `expr:"steps"`
	Item   any `expr:"item"`
	Index  any `expr:"index"`
}

// Source returns the expression as written.
func (c *Condition) Source() string { return c.src }

// StepRefs returns the ids of the steps the condition reads, sorted.
func (c *Condition) StepRefs() []string { return c.steps }

// InputRefs returns the input names the condition reads, sorted.
func (c *Condition) InputRefs() []string { return c.inputs }

// StepFields returns the fields read from step entries, in source order.
func (c *Condition) StepFields() []StepField { return c.fields }

// UsesItem reports whether the condition reads item or index.
func (c *Condition) UsesItem() bool { return c.usesItem }

// Eval runs the condition against a run document.
func (c *Condition) Eval(doc map[string]any) (bool, error) {
	v, err := expr.Run(c.program, env{
		Inputs: doc["inputs"], Steps: doc["steps"], Item: doc["item"], Index: doc["index"],
	})
	if err != nil {
		return false, err
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("invalid result %v (%T): a condition must give true or false", v, v)
	}
	return b, nil
}

// collect records which steps, inputs, step fields and loop variables the
// expression reads, so the loader can reject a misspelt name before a
// run instead of letting it read as nil.
func (c *Condition) collect(root ast.Node) {
	seenStep, seenInput := map[string]bool{}, map[string]bool{}
	ast.Find(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IdentifierNode:
			if n.Value == "item" || n.Value == "index" {
				c.usesItem = true
			}
		case *ast.MemberNode:
			if name, ok := memberOf(n, "steps"); ok && !seenStep[name] {
				seenStep[name] = true
				c.steps = append(c.steps, name)
			}
			if name, ok := memberOf(n, "inputs"); ok && !seenInput[name] {
				seenInput[name] = true
				c.inputs = append(c.inputs, name)
			}
			if inner, ok := n.Node.(*ast.MemberNode); ok {
				step, isStep := memberOf(inner, "steps")
				field, isField := n.Property.(*ast.StringNode)
				if isStep && isField {
					c.fields = append(c.fields, StepField{Step: step, Field: field.Value})
				}
			}
		}
		return false
	})
	sort.Strings(c.steps)
	sort.Strings(c.inputs)
}

// memberOf returns name when n is root.name or root["name"].
func memberOf(n *ast.MemberNode, root string) (string, bool) {
	id, ok := n.Node.(*ast.IdentifierNode)
	prop, isStr := n.Property.(*ast.StringNode)
	if !ok || !isStr || id.Value != root {
		return "", false
	}
	return prop.Value, true
}

// modPatch rewrites `a % b` to a call that accepts whole float64 values.
type modPatch struct{}

func (modPatch) Visit(node *ast.Node) {
	b, ok := (*node).(*ast.BinaryNode)
	if !ok || b.Operator != "%" {
		return
	}
	call := &ast.CallNode{
		Callee:    &ast.IdentifierNode{Value: modFunc},
		Arguments: []ast.Node{b.Left, b.Right},
	}
	ast.Patch(node, call)
}

func mod(args ...any) (any, error) {
	a, err := wholeNumber(args[0])
	if err != nil {
		return nil, err
	}
	b, err := wholeNumber(args[1])
	if err != nil {
		return nil, err
	}
	if b == 0 {
		return nil, errors.New("invalid %: the divisor is zero")
	}
	return a % b, nil
}

func wholeNumber(v any) (int, error) {
	switch n := v.(type) {
	case int:
		return n, nil
	case int64:
		return int(n), nil
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return int(n), nil
		}
		return 0, fmt.Errorf("invalid operand %v for %%: use whole numbers", n)
	}
	return 0, fmt.Errorf("invalid operand %v (%T) for %%: use numbers", v, v)
}
