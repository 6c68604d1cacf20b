package engine

import "slices"

// KeySet lists the keys the loader accepts in each part of a playbook. The
// JSON Schema is built from it, so the two cannot drift apart.
type KeySet struct {
	Playbook           []string // top-level keys
	Input              []string // keys of one entry under inputs
	PlaybookConnection []string // keys of the playbook's connection block
	Step               []string // keys of one step
	StepConnection     []string // keys of a step's connection block, also allowed in with
	Retry              []string // keys of a step's retry block
}

// Keys returns copies of the key lists the loader checks.
func Keys() KeySet {
	return KeySet{
		Playbook:           slices.Clone(topLevelKeys),
		Input:              slices.Clone(inputKeys),
		PlaybookConnection: slices.Clone(playbookConnectionKeys),
		Step:               slices.Clone(stepKeys),
		StepConnection:     slices.Clone(stepConnectionKeys),
		Retry:              slices.Clone(retryKeys),
	}
}
