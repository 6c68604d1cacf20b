package engine

import (
	"slices"
	"strings"
	"testing"
)

func TestListInputInvalidUTF8(t *testing.T) {
	_, err := ConvertInputText(InputList, "[\"\xff\xfe\"]")
	if err == nil {
		t.Fatal("a JSON list that is not valid UTF-8 was accepted")
	}
	if !strings.Contains(err.Error(), "not valid UTF-8") {
		t.Errorf("error = %q, want it to say the text is not valid UTF-8", err)
	}
}

func TestListInputKeepsBytes(t *testing.T) {
	v, err := ConvertInputText(InputList, "a\xffb.txt,c.txt")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := v.([]any)
	want := []any{"a\xffb.txt", "c.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("list = %q, want %q: the bytes are checked where they are used", got, want)
	}
}
