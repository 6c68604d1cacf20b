package engine

import (
	"gopkg.in/yaml.v3"

	"github.com/s3play/s3play/actions"
)

// loadOutputs reads the playbook's outputs: named values, usually
// references into step results, reported at the end of a run.
func (l *loader) loadOutputs(n *yaml.Node) {
	l.pb.Outputs = map[string]*Arg{}
	last := &Step{ID: "outputs"}
	for _, f := range l.fields(n, "outputs", nil) {
		arg := l.arg(actions.Param{Name: f.key.Value, Type: actions.TypeObject}, f.value)
		if arg == nil {
			continue
		}
		l.pb.Outputs[f.key.Value] = arg
		l.checkRefs(last, arg, len(l.stepIDs), false)
	}
}
