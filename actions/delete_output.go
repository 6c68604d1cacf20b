package actions

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// output renders the report as plain JSON values:
//
//	{"Bucket", "Deleted": [...], "Errors": [...], "ErrorsOmitted",
//	 "ObjectsDeleted", "VersionsDeleted", "DeleteMarkersDeleted",
//	 "UploadsAborted", "KeysRetried", "Passes"}
//
// Deleted, shaped like the DeleteObjects reply, is present only when keys
// were named: emptying a whole bucket uses Quiet requests and reports counts.
// ObjectsDeleted counts deletes sent without a version id.
func (r *deleteReport) output() map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	errs := make([]any, len(r.errors))
	for i, e := range r.errors {
		errs[i] = e.plain()
	}
	out := map[string]any{
		"Bucket":               r.bucket,
		"Errors":               errs,
		"ErrorsOmitted":        float64(r.errorsOmitted),
		"ObjectsDeleted":       float64(r.objects),
		"VersionsDeleted":      float64(r.versions),
		"DeleteMarkersDeleted": float64(r.markers),
		"UploadsAborted":       float64(r.uploads),
		"KeysRetried":          float64(r.retries),
		"Passes":               float64(r.passes),
	}
	if r.perKey {
		deleted := make([]any, len(r.deleted))
		for i, d := range r.deleted {
			deleted[i] = plainDeleted(d)
		}
		out["Deleted"] = deleted
	}
	return out
}

func (e keyError) plain() map[string]any {
	m := map[string]any{"Key": e.key, "Code": e.code, "Message": e.message}
	if e.versionID != "" {
		m["VersionId"] = e.versionID
	}
	if e.uploadID != "" {
		m["UploadId"] = e.uploadID
	}
	return m
}

func plainDeleted(d types.DeletedObject) map[string]any {
	m := map[string]any{"Key": aws.ToString(d.Key)}
	if d.VersionId != nil {
		m["VersionId"] = *d.VersionId
	}
	if d.DeleteMarker != nil {
		m["DeleteMarker"] = *d.DeleteMarker
	}
	if d.DeleteMarkerVersionId != nil {
		m["DeleteMarkerVersionId"] = *d.DeleteMarkerVersionId
	}
	return m
}

// items returns one item per named key, in the order given, with the
// reply's Deleted entries for that key as its output.
func (r *deleteReport) items(keys []string) []Item {
	r.mu.Lock()
	defer r.mu.Unlock()
	byKey := make(map[string][]any, len(keys))
	for _, d := range r.deleted {
		k := aws.ToString(d.Key)
		byKey[k] = append(byKey[k], plainDeleted(d))
	}
	items := make([]Item, len(keys))
	for i, k := range keys {
		if f, failed := r.failedKeys[k]; failed {
			items[i] = Item{Item: k, Status: Failed, Error: f}
			continue
		}
		deleted := byKey[k]
		if deleted == nil {
			deleted = []any{}
		}
		items[i] = Item{Item: k, Status: Succeeded,
			Output: map[string]any{"Key": k, "Deleted": deleted}}
	}
	return items
}
