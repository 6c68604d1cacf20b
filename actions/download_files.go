package actions

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// downloadWorkers is how many objects are downloaded at once. Each worker
// streams one body to disk, so memory does not grow with object size.
const downloadWorkers = 16

// objectGetter is the SDK call that reads an object.
type objectGetter interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput,
		optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// downloadAPI is the set of SDK calls s3.download_files makes.
type downloadAPI interface {
	objectGetter
	objectsLister
}

type downloadFiles struct{}

func init() { Register(downloadFiles{}) }

// Spec describes s3.download_files.
func (downloadFiles) Spec() Spec {
	return Spec{
		Name:  "s3.download_files",
		Title: "Download Files",
		Summary: "Download objects into a local folder, keeping the folders of their keys. " +
			"It writes local files only and changes nothing in S3.",
		Params: []Param{
			{Name: "bucket", Type: TypeString, Required: true, Check: CheckBucketName,
				Doc: "bucket to download from"},
			{Name: "keys", Type: TypeKeyList, Required: true, Check: checkObjectKey,
				Doc: `keys of the objects to download; ["*"] downloads every current object ` +
					`of the bucket (older versions are not downloaded). A key that could ` +
					`land outside destination (a "..", "." or empty segment, a leading /, ` +
					`a backslash) fails for that key and nothing is written for it`},
			{Name: "destination", Type: TypeString, Default: ".",
				Doc: "local folder to write into, created when missing; key a/b.txt becomes " +
					"DESTINATION/a/b.txt"},
			{Name: "overwrite", Type: TypeBool, Default: false,
				Doc: "replace files that already exist in destination; without it such a " +
					"key fails and the file is kept, so a bucket cannot overwrite local " +
					"files such as .ssh/authorized_keys by naming them"},
			{Name: "sync", Type: TypeBool, Default: false,
				Doc: "flush each file and its folder to disk before reporting it, so it " +
					"survives a power loss right after the step; slower, as every file waits for the disk"},
		},
		IAM:              []string{"s3:GetObject", "s3:ListBucket"},
		WritesLocalFiles: true,
		ItemsParam:       "keys",
	}
}

// Run downloads each key, with one item per key. The output is
// {"Bucket", "Destination", "Files": [{"Key", "Path", "Size", "ETag",
// "LastModified", "VersionId"}]}, listing the files written, with absolute
// paths.
func (a downloadFiles) Run(ctx context.Context, call *Call) (*Result, error) {
	r, err := a.prepare(ctx, call)
	if err != nil {
		return nil, err
	}
	title, bucket, keys, client, destination := r.title, r.bucket, r.keys, r.client, r.destination
	folder, err := openLocalFolder(destination, call.Params.Bool("sync"))
	if err != nil {
		return nil, LocalFailure(title, destination, err)
	}
	defer folder.Close()

	if r.all {
		if keys, err = listAllKeys(ctx, client, bucket); err != nil {
			return nil, failureFor(title, bucket, err)
		}
	}

	keys = distinct(keys)
	d := &downloader{api: client, bucket: bucket, folder: folder, title: title, call: call,
		clashes: keyFolderClashes(keys), overwrite: call.Params.Bool("overwrite")}
	items := eachItemLimit(ctx, keys, downloadWorkers, d.download)
	return &Result{Items: items, Output: map[string]any{
		"Bucket":      bucket,
		"Destination": folder.path,
		"Files":       succeededOutputs(items),
	}}, nil
}

// downloadRequest is a download call's parameters, checked by prepare.
type downloadRequest struct {
	title, bucket, destination string
	keys                       []string
	all                        bool // keys is the ["*"] written in the playbook
	client                     *s3.Client
}

// prepare runs the checks that Run and Plan share before any request.
func (a downloadFiles) prepare(ctx context.Context, call *Call) (*downloadRequest, error) {
	d := &downloadRequest{title: a.Spec().Title, bucket: call.Params.String("bucket"),
		keys: call.Params.Strings("keys"), destination: call.Params.String("destination")}
	var err error
	if d.all, err = wantsAllKeys(d.keys, call.keysNameObjects()); err != nil {
		return nil, ValidationFailure(d.title, d.bucket, err)
	}
	if d.client, err = call.Conn.S3(ctx, call.Settings); err != nil {
		return nil, NewFailure(d.title, d.bucket, err)
	}
	if d.destination == "" {
		d.destination = "."
	}
	if err := checkDestination(d.destination); err != nil {
		return nil, LocalFailure(d.title, d.destination, err)
	}
	return d, nil
}
