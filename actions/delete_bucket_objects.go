package actions

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"
)

// AllKeys, as the only entry of keys, makes s3.delete_bucket_objects empty
// the whole bucket, including incomplete multipart uploads.
const AllKeys = "*"

// maxKeyLength is the S3 limit on the UTF-8 length of an object key.
const maxKeyLength = 1024

type deleteBucketObjects struct{}

func init() { Register(deleteBucketObjects{}) }

// Spec describes s3.delete_bucket_objects.
func (deleteBucketObjects) Spec() Spec {
	return Spec{
		Name:    "s3.delete_bucket_objects",
		Title:   "Delete Bucket Objects",
		Summary: `Delete objects by key, or empty a bucket with keys: ["*"].`,
		Params: []Param{
			{Name: "bucket", Type: TypeString, Required: true, Check: CheckBucketName,
				Doc: "bucket to delete from"},
			{Name: "keys", Type: TypeKeyList, Required: true, Check: checkObjectKey,
				Doc: `object keys to delete; ["*"] deletes every object and aborts every ` +
					`incomplete multipart upload`},
			{Name: "all_versions", Type: TypeBool, Default: false,
				Doc: "delete every version and delete marker, not just the current object; " +
					"without it a versioned bucket keeps old versions behind a delete marker"},
		},
		IAM: []string{"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ListBucket",
			"s3:ListBucketVersions", "s3:ListBucketMultipartUploads", "s3:AbortMultipartUpload"},
		Mutates:    true,
		ItemsParam: "keys",
	}
}

// Run deletes the named keys, with one item per key, or empties the bucket
// when keys is ["*"]. Emptying reports no items: its status and error say
// whether anything was left.
func (a deleteBucketObjects) Run(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	bucket, keys := call.Params.String("bucket"), call.Params.Strings("keys")
	if _, err := wantsAllKeys(keys, call.keysNameObjects()); err != nil {
		return nil, ValidationFailure(title, bucket, err)
	}
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}
	return deleteObjects(ctx, client, call, title, bucket, keys)
}

func deleteObjects(ctx context.Context, api purgeAPI, call *Call, title, bucket string,
	keys []string) (*Result, error) {
	allVersions := call.Params.Bool("all_versions")
	report := newDeleteReport(call, title, bucket)
	options := deleteOptions(call.Settings)
	if all, _ := wantsAllKeys(keys, call.keysNameObjects()); all {
		p := &purge{api: api, bucket: bucket, allVersions: allVersions, report: report,
			options: options}
		err := p.run(ctx)
		if err == nil {
			// A write there later in the run replaces nothing that it wrote.
			call.releaseDeleted(bucket, nil, true)
		}
		return purgeResult(report, failureFor(title, bucket, err))
	}
	report.perKey = true
	d := &keyDeleter{api: api, bucket: bucket, allVersions: allVersions, report: report,
		options: options}
	d.run(ctx, keys)
	items := report.items(keys)
	for _, it := range items {
		if it.Status == Succeeded {
			call.releaseDeleted(bucket, []string{it.Item.(string)}, false)
		}
	}
	return &Result{Output: report.output(), Items: items}, nil
}

// purgeResult sets the status of a whole-bucket delete. A stopped run is
// Failed when it deleted nothing and PartiallySucceeded otherwise.
func purgeResult(report *deleteReport, stopped *Failure) (*Result, error) {
	res := &Result{Output: report.output(), Status: report.status(), Error: report.failure()}
	if stopped == nil {
		return res, nil
	}
	res.Status = PartiallySucceeded
	if report.deletedNothing() {
		res.Status = Failed
	}
	return res, stopped
}

// checkObjectKey rejects keys S3 cannot store: empty keys, keys longer
// than maxKeyLength bytes and keys that are not valid UTF-8.
func checkObjectKey(key string) error {
	switch {
	case key == "":
		return errors.New("invalid key: a key must not be empty")
	case len(key) > maxKeyLength:
		return fmt.Errorf("invalid key %.40q...: a key is at most %d bytes, got %d",
			key, maxKeyLength, len(key))
	case !utf8.ValidString(key):
		return fmt.Errorf("invalid key %q: a key must be valid UTF-8", key)
	}
	return nil
}
