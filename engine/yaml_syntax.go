package engine

import (
	"errors"
	"fmt"
	"regexp"

	goccy "github.com/goccy/go-yaml"
	goccyparser "github.com/goccy/go-yaml/parser"
)

var yamlLinePattern = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxHint is what to check at the position of a YAML syntax error.
const syntaxHint = "Check the indentation, brackets and quotes at this position"

// yamlSyntaxError turns a yaml.v3 syntax error into a positioned error.
// yaml.v3 reports only a line, often that of the enclosing block, so the
// text is parsed again with goccy/go-yaml, whose errors carry the line and
// column of the token where parsing failed. When that parser accepts the
// text, the yaml.v3 error is kept, at column 1.
func yamlSyntaxError(file string, data []byte, err error) error {
	if line, col, msg, ok := tokenError(data); ok {
		return ErrorList{{Pos: Position{file, line, col},
			Message: fmt.Sprintf("invalid YAML: %s. %s", msg, syntaxHint)}}
	}
	m := yamlLinePattern.FindStringSubmatch(err.Error())
	if m == nil {
		return ErrorList{{Pos: Position{file, 1, 1}, Message: "invalid YAML: " + err.Error()}}
	}
	var line int
	fmt.Sscanf(m[1], "%d", &line)
	return ErrorList{{Pos: Position{file, line, 1}, Message: "invalid YAML: " + m[2]}}
}

// tokenError returns the position and message of goccy/go-yaml's syntax
// error for the text, if it finds one.
func tokenError(data []byte) (line, col int, msg string, ok bool) {
	_, err := goccyparser.ParseBytes(data, 0)
	var syntax goccy.Error
	if err == nil || !errors.As(err, &syntax) {
		return 0, 0, "", false
	}
	token := syntax.GetToken()
	if token == nil || token.Position == nil || token.Position.Line < 1 {
		return 0, 0, "", false
	}
	return token.Position.Line, max(token.Position.Column, 1), syntax.GetMessage(), true
}
