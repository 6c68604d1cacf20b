package engine

import (
	"errors"
	"fmt"
	"regexp"

	goccy "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/lexer"
	goccyparser "github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

var (
	yamlLinePattern      = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	unknownAnchorPattern = regexp.MustCompile(`unknown anchor '(.*)' referenced`)
)

// syntaxHint is the advice printed with a YAML syntax error.
const syntaxHint = "Check the indentation, brackets and quotes at this position"

// yamlSyntaxError turns a yaml.v3 syntax error into a positioned error.
// yaml.v3 reports only a line, often that of the enclosing block, so the
// text is parsed again with goccy/go-yaml, whose errors carry the line and
// column of the token where parsing failed. When that parser accepts the
// text, the yaml.v3 error is kept, at column 1.
func yamlSyntaxError(file string, data []byte, err error) error {
	if pos, msg, ok := aliasError(data, err); ok {
		pos.File = file
		return ErrorList{{Pos: pos, Message: "invalid YAML: " + msg}}
	}
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

// aliasError finds the alias that a YAML error is about, which yaml.v3
// reports at no position or at the line of the enclosing block. An
// unquoted * with no anchor name after it, as in `Principal: *`, is found
// first, because both parsers report it elsewhere. Then, for yaml.v3's
// "unknown anchor" error, the first alias with that name is found.
func aliasError(data []byte, err error) (Position, string, bool) {
	tokens := lexer.Tokenize(string(data))
	for i, t := range tokens {
		if t.Type != token.AliasType || aliasName(tokens, i) != "" {
			continue
		}
		return tokenPos(t), `a * that is not quoted starts an alias, and this one has ` +
			`no anchor name: to write the text *, quote it as "*"`, true
	}
	m := unknownAnchorPattern.FindStringSubmatch(err.Error())
	if m == nil {
		return Position{}, "", false
	}
	for i, t := range tokens {
		if t.Type == token.AliasType && aliasName(tokens, i) == m[1] {
			return tokenPos(t), fmt.Sprintf("alias *%s refers to no anchor: define &%s "+
				"before this line, or quote the value to write the text *%s", m[1], m[1], m[1]), true
		}
	}
	return Position{}, "", false
}

// aliasName returns the name after the alias token at i, or "" when no
// name follows the * directly: the next token is elsewhere, or it is an
// indicator such as the comma in `{Principal: *, ...}`.
func aliasName(tokens token.Tokens, i int) string {
	if i+1 >= len(tokens) {
		return ""
	}
	star, name := tokens[i].Position, tokens[i+1].Position
	if name.Line != star.Line || name.Column != star.Column+1 ||
		tokens[i+1].Indicator != token.NotIndicator {
		return ""
	}
	return tokens[i+1].Value
}

func tokenPos(t *token.Token) Position {
	return Position{Line: t.Position.Line, Column: t.Position.Column}
}
