package cli

import (
	"fmt"
	"strconv"
	"strings"
)

// rangeFlag is an integer flag that accepts only whole numbers from min to
// max. Every invalid value, whether out of range or not a number, is
// rejected with one message that names the flag, the value and the range.
type rangeFlag struct {
	value    *int
	name     string // the flag as written: "--max-attempts"
	min, max int
	unit     string // " of seconds", or "" for a count
	unset    string // the value used when the flag is left out
}

// flagRangeError is the message for an invalid value of a rangeFlag.
type flagRangeError struct{ message string }

func (e *flagRangeError) Error() string { return e.message }

func (f *rangeFlag) Set(text string) error {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < f.min || n > f.max {
		return &flagRangeError{fmt.Sprintf("invalid %s %s: use a whole number%s from %d to %d, "+
			"or leave the flag out for %s", f.name, text, f.unit, f.min, f.max, f.unset)}
	}
	*f.value = n
	return nil
}

func (f *rangeFlag) String() string { return strconv.Itoa(*f.value) }

func (f *rangeFlag) Type() string { return "int" }
