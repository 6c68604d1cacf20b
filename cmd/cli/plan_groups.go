package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/s3play/s3play/actions"
)

// shownKeys is how many keys a plan prints for one line of changes.
const shownKeys = 10

// changeGroup is a set of changes of one step that a plan prints as one
// line. Every bucket and setting change is a group of its own, and the
// per-key changes of one kind between the same buckets form one group.
type changeGroup struct {
	changes []actions.Change
}

// groupChanges groups changes in the order they first appear.
func groupChanges(changes []actions.Change) []*changeGroup {
	var groups []*changeGroup
	byTarget := map[string]*changeGroup{}
	for _, c := range changes {
		if !perKey(c.Kind) {
			groups = append(groups, &changeGroup{changes: []actions.Change{c}})
			continue
		}
		target := string(c.Kind) + "\x00" + c.Bucket + "\x00" + c.DestinationBucket
		g := byTarget[target]
		if g == nil {
			g = &changeGroup{}
			byTarget[target] = g
			groups = append(groups, g)
		}
		g.changes = append(g.changes, c)
	}
	return groups
}

func perKey(kind actions.ChangeKind) bool {
	switch kind {
	case actions.ChangeDeleteObject, actions.ChangeMoveObject, actions.ChangeUploadFile,
		actions.ChangeDownloadObject:
		return true
	}
	return false
}

func (g *changeGroup) print(w io.Writer) {
	first := g.changes[0]
	if len(g.changes) > 1 {
		fmt.Fprintf(w, "    would %s\n", g.summary())
		keys := make([]string, 0, shownKeys)
		for _, c := range g.changes[:min(len(g.changes), shownKeys)] {
			keys = append(keys, c.Key)
		}
		fmt.Fprintf(w, "        keys: %s\n", keyList(keys, len(g.changes) > shownKeys))
		g.printReplaced(w)
		if note := g.sharedNote(); note != "" {
			fmt.Fprintf(w, "        note: %s\n", note)
		}
		return
	}
	fmt.Fprintf(w, "    would %s\n", first.Describe())
	if len(first.SampleKeys) > 0 {
		more := len(first.SampleKeys) >= shownKeys
		fmt.Fprintf(w, "        keys: %s\n", keyList(first.SampleKeys, more))
	}
	if first.Note != "" {
		fmt.Fprintf(w, "        note: %s\n", first.Note)
	}
	for _, line := range first.Diff {
		fmt.Fprintf(w, "        %s\n", line)
	}
}

// sharedNote returns the note that every change of the group has, or "".
func (g *changeGroup) sharedNote() string {
	note := g.changes[0].Note
	for _, c := range g.changes[1:] {
		if c.Note != note {
			return ""
		}
	}
	return note
}

// printReplaced lists the keys of the group whose write would replace an
// existing object or file, so that a loss of data is never summed away.
func (g *changeGroup) printReplaced(w io.Writer) {
	var keys []string
	for _, c := range g.changes {
		if c.Replaces {
			keys = append(keys, writtenName(c))
		}
	}
	if len(keys) == 0 {
		return
	}
	existing := "an existing object"
	if g.changes[0].Kind == actions.ChangeDownloadObject {
		existing = "an existing file"
	}
	fmt.Fprintf(w, "        %d would replace %s: %s\n", len(keys), existing,
		keyList(keys[:min(len(keys), shownKeys)], len(keys) > shownKeys))
}

func keyList(keys []string, more bool) string {
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = safeText(k)
	}
	text := strings.Join(quoted, ", ")
	if more {
		text += ", ..."
	}
	return text
}

// summary describes a group of per-key changes in one sentence.
func (g *changeGroup) summary() string {
	var total actions.ObjectCounts
	for _, c := range g.changes {
		if c.Counts != nil {
			total = total.Add(*c.Counts)
		}
	}
	n := int64(len(g.changes))
	size := actions.FormatBytes(total.Bytes)
	c := g.changes[0]
	switch c.Kind {
	case actions.ChangeDeleteObject:
		return fmt.Sprintf("%s, of %s in bucket %s", actions.DeletePhrase(total),
			actions.CountNoun(n, "key", "keys"), c.Bucket)
	case actions.ChangeMoveObject:
		return fmt.Sprintf("move %s, %s, from bucket %s to bucket %s%s",
			actions.CountNoun(n, "object", "objects"), size, c.Bucket, c.DestinationBucket,
			underPrefix(g.sharedPrefix()))
	case actions.ChangeUploadFile:
		return fmt.Sprintf("upload %s, %s, to bucket %s%s", actions.CountNoun(n, "file", "files"),
			size, c.Bucket, underPrefix(c.Key[:strings.LastIndex(c.Key, "/")+1]))
	default:
		folder := strings.TrimSuffix(c.Path, filepath.FromSlash(c.Key))
		return fmt.Sprintf("download %s, %s, from bucket %s into %s",
			actions.CountNoun(n, "object", "objects"), size, c.Bucket, folder)
	}
}

// sharedPrefix returns the destination key prefix of a group of moves, or
// "" when the moves of the group, such as loop items, use different ones.
func (g *changeGroup) sharedPrefix() string {
	prefix := strings.TrimSuffix(g.changes[0].DestinationKey, g.changes[0].Key)
	for _, c := range g.changes[1:] {
		if strings.TrimSuffix(c.DestinationKey, c.Key) != prefix {
			return ""
		}
	}
	return prefix
}

// underPrefix names the key prefix that a move or upload writes under, or
// returns "" when the keys are written as they are.
func underPrefix(prefix string) string {
	if prefix == "" {
		return ""
	}
	return ", under " + safeText(prefix)
}

// writtenName returns what a per-key change writes, for the list of writes
// that replace something: the destination key of a move or upload, or the
// local path of a download.
func writtenName(c actions.Change) string {
	switch c.Kind {
	case actions.ChangeMoveObject:
		return c.DestinationKey
	case actions.ChangeDownloadObject:
		return c.Path
	}
	return c.Key
}
