package actions

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// KeyList is the value of a TypeKeyList parameter: object keys in the
// order given, and what a listing reported about the keys that were given
// as listing entries.
type KeyList struct {
	Keys   []string
	Listed map[string]ListedObject
	// entries are the keys given as listing entries. Such a key names one
	// object even when it is "*".
	entries map[string]bool
}

// ListedObject is the size and ETag of an object as a listing reported
// them (an entry of Contents in the output of s3.list_bucket_objects).
type ListedObject struct {
	Size int64
	ETag string
}

// MarshalJSON writes the keys only, so run records show a key list the
// same way whether it was given as keys or as listing entries.
func (l KeyList) MarshalJSON() ([]byte, error) {
	return json.Marshal(l.Keys)
}

// toKeyList accepts what toStringList accepts, and also listing entries:
// maps with a Key string and, optionally, Size and ETag. A single map is
// one entry, so that `keys: $.item` works in a for_each over a listing.
func toKeyList(v any) (KeyList, error) {
	var list []any
	switch val := v.(type) {
	case KeyList:
		return val, nil
	case map[string]any:
		if _, _, err := listingEntry(val); err != nil {
			return KeyList{}, err
		}
		list = []any{val}
	case []any:
		list = val
	default:
		keys, err := toStringList(v)
		if err != nil {
			return KeyList{}, fmt.Errorf("expected a list of keys or of listing entries, got %s",
				describe(v))
		}
		return KeyList{Keys: keys}, nil
	}
	return keyListOf(list)
}

func keyListOf(list []any) (KeyList, error) {
	out := KeyList{Keys: make([]string, 0, len(list))}
	conflicting := map[string]bool{}
	for i, e := range list {
		entry, isEntry := e.(map[string]any)
		if !isEntry {
			key, err := toString(e)
			if err != nil {
				return KeyList{}, fmt.Errorf("item %d: %w, or a listing entry with a Key", i, err)
			}
			out.Keys = append(out.Keys, key)
			continue
		}
		key, listed, err := listingEntry(entry)
		if err != nil {
			return KeyList{}, fmt.Errorf("item %d: %w", i, err)
		}
		out.Keys = append(out.Keys, key)
		if out.entries == nil {
			out.entries = map[string]bool{}
		}
		out.entries[key] = true
		if listed != nil {
			out.add(key, *listed, conflicting)
		}
	}
	return out, nil
}

// add keeps what a listing reported about key. Two entries for one key
// that disagree (listings taken at different times) leave the key without
// listed facts, so it is read from the server.
func (l *KeyList) add(key string, listed ListedObject, conflicting map[string]bool) {
	if conflicting[key] {
		return
	}
	if l.Listed == nil {
		l.Listed = map[string]ListedObject{}
	}
	if old, seen := l.Listed[key]; seen && old != listed {
		delete(l.Listed, key)
		conflicting[key] = true
		return
	}
	l.Listed[key] = listed
}

// listingEntry reads the key of a listing entry, and its size and ETag when
// the entry has both.
func listingEntry(entry map[string]any) (string, *ListedObject, error) {
	value, found := entry["Key"]
	key, ok := value.(string)
	switch {
	case !found:
		return "", nil, fmt.Errorf("a map with no Key is not a listing entry (its keys: %s). "+
			"Pass the entries of a listing, such as $.steps.ID.output.Contents",
			strings.Join(sortedMapKeys(entry), ", "))
	case !ok:
		return "", nil, fmt.Errorf("a listing entry needs a Key string, got %s in Key",
			describe(value))
	}
	if version, ok := entry["VersionId"].(string); ok && version != "" {
		return "", nil, fmt.Errorf("the entry for %q names version %s, but keys act on a "+
			"key's current object, or on all its versions with all_versions: pass entries "+
			"of a listing of current objects (Contents), not of versions", key, version)
	}
	etag, hasETag := entry["ETag"].(string)
	size, err := toInt(entry["Size"])
	// "*" is not an ETag: in CopySourceIfMatch it would match any object.
	if !hasETag || etag == "" || strings.TrimSpace(etag) == "*" || err != nil || size < 0 {
		return key, nil, nil
	}
	return key, &ListedObject{Size: int64(size), ETag: etag}, nil
}

func sortedMapKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
