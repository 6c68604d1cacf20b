package actions

import "strings"

// ChangeKind names what a planned change does.
type ChangeKind string

// The kinds of change a plan reports.
const (
	ChangeDeleteObjects        ChangeKind = "delete_objects" // empty a bucket (keys ["*"])
	ChangeDeleteObject         ChangeKind = "delete_object"  // one named key
	ChangeDeleteBucket         ChangeKind = "delete_bucket"  // an empty bucket
	ChangeCreateBucket         ChangeKind = "create_bucket"  // a bucket that does not exist
	ChangePutBucketPolicy      ChangeKind = "put_bucket_policy"
	ChangeDeleteBucketPolicy   ChangeKind = "delete_bucket_policy"
	ChangePutPublicAccessBlock ChangeKind = "put_public_access_block"
	ChangeUploadFile           ChangeKind = "upload_file"     // one local file to one key
	ChangeMoveObject           ChangeKind = "move_object"     // one key to another bucket or key
	ChangeDownloadObject       ChangeKind = "download_object" // one key to one local file
)

// Change is one state change that a plan predicts. Together, the changes
// of a step are its targets: an approved plan matches a new one when their
// changes have the same identities, counts and After values.
type Change struct {
	Kind   ChangeKind `json:"kind"`
	Bucket string     `json:"bucket"`
	Key    string     `json:"key,omitempty"`
	// Path is the local file that an upload reads or a download writes.
	Path              string `json:"path,omitempty"`
	DestinationBucket string `json:"destination_bucket,omitempty"`
	DestinationKey    string `json:"destination_key,omitempty"`
	// Counts is what the change deletes or transfers; nil for bucket and
	// setting changes.
	Counts *ObjectCounts `json:"counts,omitempty"`
	// SampleKeys are the first keys, in listing order, that emptying a
	// bucket would delete.
	SampleKeys []string `json:"sample_keys,omitempty"`
	// Before and After are a policy or a public access block configuration
	// as it is and as it would be; Before is null when there is none.
	Before any      `json:"before,omitempty"`
	After  any      `json:"after,omitempty"`
	Diff   []string `json:"diff,omitempty"` // lines starting with "-" or "+"
	Note   string   `json:"note,omitempty"`
	// Replaces is set when an upload, move or download would write over an
	// object or local file that exists now.
	Replaces bool `json:"replaces,omitempty"`
	// Targets is a digest of every entry that emptying a bucket would
	// delete, by key and size, so that an approved plan also fixes which
	// objects those are.
	Targets string `json:"targets,omitempty"`
}

// ObjectCounts counts the entries and bytes a change affects. Entries are
// counted once per (key, version id), even when a server lists one twice.
type ObjectCounts struct {
	Objects       int64 `json:"objects"`        // current objects, addressed without a version id
	Versions      int64 `json:"versions"`       // object versions, addressed by version id
	DeleteMarkers int64 `json:"delete_markers"` // delete markers
	Uploads       int64 `json:"uploads"`        // incomplete multipart uploads
	Bytes         int64 `json:"bytes"`          // size of the objects and versions
}

// Entries returns the number of objects, versions, delete markers and
// uploads.
func (c ObjectCounts) Entries() int64 {
	return c.Objects + c.Versions + c.DeleteMarkers + c.Uploads
}

// Add returns the sum of two counts.
func (c ObjectCounts) Add(o ObjectCounts) ObjectCounts {
	return ObjectCounts{
		Objects:       c.Objects + o.Objects,
		Versions:      c.Versions + o.Versions,
		DeleteMarkers: c.DeleteMarkers + o.DeleteMarkers,
		Uploads:       c.Uploads + o.Uploads,
		Bytes:         c.Bytes + o.Bytes,
	}
}

// Identity returns what the change targets: its kind, buckets, keys and
// local path. Two plans target the same things when their changes have the
// same identities.
func (c Change) Identity() string {
	return strings.Join([]string{string(c.Kind), c.Bucket, c.Key, c.Path,
		c.DestinationBucket, c.DestinationKey}, "\x00")
}

// TargetCount returns how many entries a list of changes touches: the
// entries of each change with counts, and one for every other change.
// max_items is compared with it.
func TargetCount(changes []Change) int64 {
	var n int64
	for _, c := range changes {
		if c.Counts != nil {
			n += c.Counts.Entries()
			continue
		}
		n++
	}
	return n
}
