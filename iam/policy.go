// Package iam derives the least-privilege IAM policy a playbook needs from
// the IAM actions of its steps' actions and the buckets and roles they
// name.
package iam

import (
	"fmt"
	"slices"
	"strings"
)

// PolicyVersion is the policy language version. It is the one that reads
// policy variables, which escape *, ? and $ in key prefixes.
const PolicyVersion = "2012-10-17"

// Policy is an IAM identity-based policy document.
type Policy struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement allows a set of actions on a set of resources.
type Statement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}

// grants collects the resources each IAM action needs.
type grants map[string]map[resource]bool

func (g grants) add(action string, r resource) {
	if g[action] == nil {
		g[action] = map[resource]bool{}
	}
	g[action][r] = true
}

// policy groups actions that need the same resources into one statement.
// Statements come in scope order (account, buckets, objects, roles), then
// by resources, so the same playbook always gives the same text.
func (g grants) policy() Policy {
	byResources := map[string]*group{}
	for action, set := range g {
		scope, rs := narrowest(set)
		key := strings.Join(rs, "\n")
		if byResources[key] == nil {
			byResources[key] = &group{scope: scope, resources: rs}
		}
		byResources[key].actions = append(byResources[key].actions, action)
	}
	groups := make([]*group, 0, len(byResources))
	for _, gr := range byResources {
		slices.Sort(gr.actions)
		groups = append(groups, gr)
	}
	slices.SortFunc(groups, func(a, b *group) int {
		if a.scope != b.scope {
			return int(a.scope) - int(b.scope)
		}
		return slices.Compare(a.resources, b.resources)
	})
	p := Policy{Version: PolicyVersion, Statement: []Statement{}}
	scopes := make([]scope, len(groups))
	for i, gr := range groups {
		p.Statement = append(p.Statement, Statement{Effect: "Allow", Action: gr.actions,
			Resource: gr.resources})
		scopes[i] = gr.scope
	}
	nameStatements(p.Statement, scopes)
	return p
}

// group is the actions that need one set of resources.
type group struct {
	scope     scope
	resources []string
	actions   []string
}

// narrowest returns the resources of a set that no other resource of the
// set covers, as sorted ARNs, and their scope.
func narrowest(set map[resource]bool) (scope, []string) {
	var out []string
	var s scope
	for r := range set {
		s = r.scope
		covered := false
		for w := range set {
			covered = covered || w.covers(r)
		}
		if !covered {
			out = append(out, r.String())
		}
	}
	slices.Sort(out)
	return s, slices.Compact(out)
}

var sidNames = map[scope]string{
	scopeAccount: "AccountWide",
	scopeBucket:  "Buckets",
	scopeObject:  "Objects",
	scopeRole:    "AssumeRoles",
}

// nameStatements sets each Sid from its scope, numbered when a scope has
// more than one statement.
func nameStatements(statements []Statement, scopes []scope) {
	count := map[scope]int{}
	for _, s := range scopes {
		count[s]++
	}
	seen := map[scope]int{}
	for i, s := range scopes {
		seen[s]++
		statements[i].Sid = sidNames[s]
		if count[s] > 1 {
			statements[i].Sid += fmt.Sprint(seen[s])
		}
	}
}
