package actions

import (
	"fmt"
	"sort"
	"strings"
)

var registry = map[string]Action{}

// Register adds an action to the registry. It panics on a duplicate name
// because that is a programming error found at start-up.
func Register(a Action) {
	name := a.Spec().Name
	if _, dup := registry[name]; dup {
		panic("actions: duplicate registration of " + name)
	}
	registry[name] = a
}

// Lookup returns the action with the given name, or an error that lists the
// names that exist.
func Lookup(name string) (Action, error) {
	if a, ok := registry[name]; ok {
		return a, nil
	}
	return nil, fmt.Errorf("unknown action %q; known actions: %s", name, strings.Join(Names(), ", "))
}

// Names returns every registered action name in sorted order.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
