package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

var topLevelKeys = []string{
	"name", "description", "inputs", "connection", "steps", "schedule", "outputs",
}

var namePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// LoadFile reads, parses and validates a playbook. On failure the error is
// an ErrorList with every problem found, each with file, line and column.
func LoadFile(path string) (*Playbook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read playbook: %w", err)
	}
	return Load(path, data)
}

// Load parses and validates a playbook from memory; file names the source
// in error messages.
func Load(file string, data []byte) (*Playbook, error) {
	doc, err := parseYAML(file, data)
	if err != nil {
		return nil, err
	}
	if err := checkExpansion(file, doc); err != nil {
		return nil, err
	}
	digest := sha256.Sum256(data)
	l := &loader{errorSink: errorSink{file: file},
		pb: &Playbook{File: file, SHA256: hex.EncodeToString(digest[:])}}
	l.playbook(doc)
	if len(l.errs) > 0 {
		return nil, l.errs.sorted()
	}
	return l.pb, nil
}

// parseYAML decodes the single YAML document of a playbook into a node tree.
func parseYAML(file string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrorList{{Pos: Position{file, 1, 1}, Message: "the playbook is empty"}}
		}
		return nil, yamlSyntaxError(file, data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, ErrorList{{Pos: Position{file, extra.Line, extra.Column},
			Message: "a playbook file holds one YAML document; remove the second `---` document"}}
	}
	return doc.Content[0], nil
}

// loader builds a Playbook from a node tree, collecting every error.
type loader struct {
	errorSink
	pb      *Playbook
	inputs  map[string]*Input
	stepIDs map[string]int // step id to its index
}

func (l *loader) playbook(root *yaml.Node) {
	l.inputs = map[string]*Input{}
	l.stepIDs = map[string]int{}
	var steps, connection, name *yaml.Node
	for _, f := range l.fields(root, "the playbook", topLevelKeys) {
		switch f.key.Value {
		case "name":
			name = f.value
			l.pb.Name = l.str(f.value, "name")
		case "description":
			l.pb.Description = l.str(f.value, "description")
		case "inputs":
			l.loadInputs(f.value)
		case "connection":
			connection = f.value // its references name inputs, which may come later
		case "schedule":
			l.loadSchedule(f.value)
		case "steps":
			steps = f.value
		case "outputs":
			defer l.loadOutputs(f.value) // outputs may name any step, so they load last
		}
	}
	if connection != nil {
		l.playbookConnection(connection)
	}
	// A name of another type or with a tag has been reported already.
	if name == nil || emptyText(name) {
		l.add(root.Line, root.Column, "missing playbook name: add `name: my-playbook`")
	}
	if steps == nil {
		l.add(root.Line, root.Column, "missing steps: add a `steps:` list with at least one step")
		return
	}
	l.loadSteps(steps)
}

// str reads a scalar as the exact text written.
func (l *loader) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == tagNull {
		l.add(n.Line, n.Column, "%s must be a text value, got %s", what, kindName(n))
		return ""
	}
	if customTag(n) {
		l.add(n.Line, n.Column, "%s starts with %q, which YAML reads as a tag: quote the value", what, n.Tag)
		return ""
	}
	if nonText(n) && n.Style&yaml.TaggedStyle != 0 {
		l.add(n.Line, n.Column, "%s must be text, got %s with the tag %s: remove the tag",
			what, strconv.Quote(n.Value), n.Tag)
		return ""
	}
	if nonText(n) {
		l.add(n.Line, n.Column, "%s must be text, got %s: put it in quotes", what, scalarName(n))
		return ""
	}
	return n.Value
}

func (l *loader) pos(n *yaml.Node) Position {
	return Position{File: l.file, Line: n.Line, Column: n.Column}
}
