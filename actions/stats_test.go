package actions

import "testing"

func TestRetriesNeverNegative(t *testing.T) {
	s := &Stats{}
	// An operation canceled before its first attempt counts as a call only.
	s.Calls.Add(3)
	s.Attempts.Add(1)
	if got := s.Retries(); got != 0 {
		t.Errorf("Retries() = %d, want 0", got)
	}
}
