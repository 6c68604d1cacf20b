package actions

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// maxCopySize is the largest object CopyObject accepts, 5 GiB. Larger
// objects need multipart copy.
const maxCopySize = 5 << 30

// minPartSize is the smallest part S3 accepts in a multipart upload,
// except for the last part.
const minPartSize = 5 << 20

// moveAPI is the set of SDK calls s3.move_files makes.
type moveAPI interface {
	locationGetter
	versioningGetter
	versionsLister
	HeadObject(ctx context.Context, in *s3.HeadObjectInput,
		optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	CopyObject(ctx context.Context, in *s3.CopyObjectInput,
		optFns ...func(*s3.Options)) (*s3.CopyObjectOutput, error)
	DeleteObject(ctx context.Context, in *s3.DeleteObjectInput,
		optFns ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
	multipartCopyAPI
}

type moveFiles struct{}

func init() { Register(moveFiles{}) }

// Spec describes s3.move_files.
func (moveFiles) Spec() Spec {
	return Spec{
		Name:  "s3.move_files",
		Title: "Move Files",
		Summary: "Move objects to another bucket or folder: copy on the server, verify the " +
			"copy, then delete the source version that was copied.",
		Params: []Param{
			{Name: "source_bucket", Type: TypeString, Required: true, Check: CheckBucketName,
				Doc: "bucket to move objects from"},
			{Name: "keys", Type: TypeKeyList, Required: true, Check: checkObjectKey,
				Doc: "keys of the objects to move, or entries of a listing " +
					"($.steps.ID.output.Contents of s3.list_bucket_objects). Each key's current " +
					"version is copied, the copy is checked (size, and ETag where a copy keeps " +
					"it), and only then is that version deleted; older versions stay in the " +
					"source bucket. In a source bucket that never had versioning, the size and " +
					"ETag of a listing entry replace a HeadObject per key. " +
					`"*" is rejected: list the keys with s3.list_bucket_objects`},
			{Name: "destination_bucket", Type: TypeString, Required: true, Check: CheckBucketName,
				Doc: "bucket to move objects to; it must be in the same region as " +
					"source_bucket"},
			{Name: "destination_path", Type: TypeString, Check: checkKeyPrefix,
				Doc: "key prefix in the destination: with case-7, key a/b.txt moves to " +
					"case-7/a/b.txt; leading and trailing / are ignored, empty keeps the key"},
			{Name: "multipart_threshold", Type: TypeInt, Default: maxCopySize, Min: minPartSize,
				Max: maxCopySize, Doc: "objects larger than this many bytes are copied in " +
					"parts (UploadPartCopy); CopyObject accepts at most 5 GiB"},
		},
		IAM: []string{"s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetObject", "s3:GetObjectVersion",
			"s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObject",
			"s3:PutObjectTagging", "s3:AbortMultipartUpload", "s3:DeleteObject",
			"s3:DeleteObjectVersion"},
		Mutates:    true,
		ItemsParam: "keys",
	}
}

// Run checks that both buckets share a region, then moves each key, with
// one item per key. The output is {"SourceBucket", "DestinationBucket",
// "DestinationPath", "Moved": [{"Key", "DestinationKey", "Size", "ETag",
// "SourceVersionId", "VersionId", "Parts"}]}, where Parts is 0 for a
// CopyObject.
func (a moveFiles) Run(ctx context.Context, call *Call) (*Result, error) {
	m, keys, err := a.prepare(ctx, call)
	if err != nil {
		return nil, err
	}
	m.readVersioning(ctx)
	m.useListing(call.Params.Listed("keys"))
	items := eachItemLimit(ctx, keys, moveWorkers, m.move)
	return &Result{Items: items, Output: m.output(items)}, nil
}

// prepare runs the checks that Run and Plan share before any object is
// read: named keys only, a client, and both buckets in one region.
func (a moveFiles) prepare(ctx context.Context, call *Call) (*mover, []string, error) {
	title := a.Spec().Title
	source := call.Params.String("source_bucket")
	keys := distinct(call.Params.Strings("keys"))
	if all, err := wantsAllKeys(keys, call.keysNameObjects()); all || err != nil {
		return nil, nil, ValidationFailure(title, source, errors.Join(err, errNoMoveAll))
	}
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, nil, NewFailure(title, source, err)
	}
	destination := call.Params.String("destination_bucket")
	if f := checkSameRegion(ctx, client, call.Plan, title, source, destination); f != nil {
		return nil, nil, f
	}
	return newMover(client, call, title, keys), keys, nil
}

// output is the output of Run and Plan for the items that moved.
func (m *mover) output(items []Item) map[string]any {
	return map[string]any{
		"SourceBucket":      m.source,
		"DestinationBucket": m.destination,
		"DestinationPath":   m.prefix,
		"Moved":             succeededOutputs(items),
	}
}

var errNoMoveAll = errors.New(`s3.move_files takes named keys, not "*": list them with ` +
	"s3.list_bucket_objects and pass $.steps.ID.output.Contents[*].Key")

// moveWorkers is how many keys move at once. Each move is four requests
// that wait on the server's copy, so more run in parallel than for other
// list actions; 16 matched rclone's throughput on versitygw where 8 was
// about 7% slower (see BENCHMARKS.md).
const moveWorkers = 16
