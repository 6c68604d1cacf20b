package actions

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// objectHeader is the SDK call that reads an object's metadata.
type objectHeader interface {
	HeadObject(ctx context.Context, in *s3.HeadObjectInput,
		optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
}

// downloadPlanAPI is the set of SDK calls a download plan makes.
type downloadPlanAPI interface {
	objectHeader
	objectsLister
}

// Plan lists the keys for ["*"] and reads each named object's metadata
// with HeadObject, and writes nothing: the destination folder is not even
// created. Keys that could leave the folder fail as they would in Run.
func (a downloadFiles) Plan(ctx context.Context, call *Call) (*Result, error) {
	r, err := a.prepare(ctx, call)
	if err != nil {
		return nil, err
	}
	title, bucket, keys, client, destination := r.title, r.bucket, r.keys, r.client, r.destination
	folder, err := filepath.Abs(destination)
	if err != nil {
		return nil, LocalFailure(title, destination, err)
	}

	root, err := openExistingRoot(folder)
	if err != nil {
		return nil, LocalFailure(title, destination, err)
	}
	if root != nil {
		defer root.Close()
	}
	d := &downloadPlanner{api: client, bucket: bucket, folder: folder, title: title, root: root,
		call: call}
	if r.all {
		d.listed, err = listObjectSizes(ctx, client, bucket)
		if err != nil && !plannedBucketMissing(call, bucket, err) {
			return nil, failureFor(title, bucket, err)
		}
		d.listed = plannedListing(call.Plan, bucket, d.listed)
		keys = d.listedKeys()
	}
	keys = distinct(keys)
	d.clashes = keyFolderClashes(keys)
	items := eachItemLimit(ctx, keys, downloadWorkers, d.plan)
	return &Result{Items: items, Changes: d.changes(items), Output: map[string]any{
		"Bucket":      bucket,
		"Destination": folder,
		"Files":       succeededOutputs(items),
	}}, nil
}

// downloadPlanner predicts the files a download would write.
type downloadPlanner struct {
	api    downloadPlanAPI
	bucket string
	folder string // absolute
	title  string
	listed []listedObject // for keys ["*"]: the listing, which makes HeadObject unneeded
	byKey  map[string]listedObject
	// clashes and root find the keys whose local path is taken, as in Run;
	// root is nil while the destination does not exist.
	clashes map[string]string
	root    *os.Root
	call    *Call
}

// listedObject is one current object of a listing.
type listedObject struct {
	key, etag, versionID string
	lastModified         any // RFC 3339 text, or nil when the server sent none
	size                 int64
}

func (d *downloadPlanner) listedKeys() []string {
	d.byKey = make(map[string]listedObject, len(d.listed))
	keys := make([]string, len(d.listed))
	for i, o := range d.listed {
		keys[i] = o.key
		d.byKey[o.key] = o
	}
	return keys
}

func (d *downloadPlanner) plan(ctx context.Context, key string) Item {
	rel, isFolder, err := localPath(key)
	if err != nil {
		return Item{Item: key, Status: Failed, Error: ValidationFailure(d.title, key, err)}
	}
	if f := pathClash(d.title, key, rel, isFolder, d.call.Params.Bool("overwrite"), d.clashes,
		d.root); f != nil {
		return Item{Item: key, Status: Failed, Error: f}
	}
	if f := claimFile(d.call, d.title, key, filepath.Join(d.folder, rel), isFolder); f != nil {
		return Item{Item: key, Status: Failed, Error: f}
	}
	object, f := d.object(ctx, key)
	if f != nil {
		d.call.ReleaseDestination(fileDestination(filepath.Join(d.folder, rel)))
		return Item{Item: key, Status: Failed, Error: f}
	}
	if isFolder && object.size > 0 {
		return Item{Item: key, Status: Failed,
			Error: LocalFailure(d.title, key, markerWithBody(key, object.size))}
	}
	out := map[string]any{
		"Key":          key,
		"Path":         filepath.Join(d.folder, rel),
		"Size":         float64(object.size),
		"ETag":         object.etag,
		"LastModified": object.lastModified,
	}
	if object.versionID != "" {
		out["VersionId"] = object.versionID
	}
	if !isFolder {
		d.call.Plan.NoteFileWritten(filepath.Join(d.folder, rel), object.size)
	}
	return Item{Item: key, Status: Succeeded, Output: out}
}

// object returns what the download of key would read: the listing's entry,
// what an earlier planned step would leave at the key, or the HeadObject
// response.
func (d *downloadPlanner) object(ctx context.Context, key string) (listedObject, *Failure) {
	if object, ok := d.byKey[key]; ok {
		return object, nil
	}
	size, written, movedAway := d.call.Plan.PlannedObject(d.bucket, key)
	switch {
	case written:
		return listedObject{key: key, size: size}, nil
	case movedAway:
		return listedObject{}, ValidationFailure(d.title, key, fmt.Errorf("an earlier step "+
			"of the plan moves s3://%s/%s away, so it would not be found", d.bucket, key))
	}
	head, err := d.api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &d.bucket, Key: &key})
	if err != nil {
		return listedObject{}, NewFailure(d.title, key, err)
	}
	return listedObject{key: key, etag: aws.ToString(head.ETag),
		versionID: aws.ToString(head.VersionId), lastModified: timeString(head.LastModified),
		size: aws.ToInt64(head.ContentLength)}, nil
}

func (d *downloadPlanner) changes(items []Item) []Change {
	var changes []Change
	for _, it := range items {
		out, _ := it.Output.(map[string]any)
		if it.Status != Succeeded || out == nil {
			continue
		}
		size, _ := out["Size"].(float64)
		key, path := it.Item.(string), out["Path"].(string)
		change := Change{Kind: ChangeDownloadObject, Bucket: d.bucket, Key: key, Path: path,
			Counts: &ObjectCounts{Objects: 1, Bytes: int64(size)}}
		if existing := existingFile(path); existing != nil && !strings.HasSuffix(key, "/") {
			change.Replaces, change.Before = true, existing
		}
		changes = append(changes, change)
	}
	return changes
}

// listObjectSizes lists every current object of the bucket, dropping the
// repeats some servers send at page boundaries.
func listObjectSizes(ctx context.Context, api objectsLister, bucket string) (
	[]listedObject, error) {
	var objects []listedObject
	window := newPageWindow()
	in := s3.ListObjectsV2Input{Bucket: aws.String(bucket)}
	err := walkObjects(ctx, api, in, func(out *s3.ListObjectsV2Output) bool {
		window.turn()
		for _, o := range out.Contents {
			if !window.firstSeen(objectID(aws.ToString(o.Key), nil)) {
				continue
			}
			objects = append(objects, listedObject{key: aws.ToString(o.Key),
				etag: aws.ToString(o.ETag), lastModified: timeString(o.LastModified),
				size: aws.ToInt64(o.Size)})
		}
		return true
	})
	return objects, err
}

// plannedListing returns the current objects of the bucket as earlier
// planned steps would leave them: objects they move away, hide or delete
// are left out, and objects they write or reveal are in with their
// planned size.
func plannedListing(state *PlanState, bucket string, live []listedObject) []listedObject {
	var out []listedObject
	seen := map[string]bool{}
	for _, o := range live {
		seen[o.key] = true
		size, exists, removed := state.PlannedObject(bucket, o.key)
		switch {
		case exists:
			o.size, o.etag, o.versionID = size, "", ""
		case removed:
			continue
		}
		out = append(out, o)
	}
	written := state.bucketWrites(bucket).written
	var added []string
	for key := range written {
		if !seen[key] {
			added = append(added, key)
		}
	}
	slices.Sort(added)
	for _, key := range added {
		out = append(out, listedObject{key: key, size: written[key]})
	}
	return out
}
