package actions

import (
	"context"
	"errors"
	"mime"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// uploadPartSize is the part size of multipart uploads. Files up to this
// size are sent with one PutObject. It is larger than the SDK's 5 MiB
// minimum so a large file needs fewer requests, and the SDK raises it for
// files that would need more than 10,000 parts. Tests lower it.
var uploadPartSize int64 = 16 << 20

type uploadFiles struct{}

func init() { Register(uploadFiles{}) }

// Spec describes s3.upload_files.
func (uploadFiles) Spec() Spec {
	return Spec{
		Name:  "s3.upload_files",
		Title: "Upload Files",
		Summary: "Upload local files into a folder of a bucket, keeping their base names; " +
			"large files use multipart upload.",
		Params: []Param{
			{Name: "bucket", Type: TypeString, Required: true, Check: CheckBucketName,
				Doc: "bucket to upload to"},
			{Name: "files", Type: TypeStringList, Required: true,
				Doc: "local files, or patterns such as logs/*.gz (Go filepath.Match syntax, " +
					"no **); a file that does not exist or a pattern that matches no file " +
					"fails for that entry"},
			{Name: "folder", Type: TypeString, Check: checkKeyPrefix,
				Doc: "key prefix: folder a/b puts x.txt at key a/b/x.txt; leading and " +
					"trailing / are ignored, and the folder needs no marker object"},
		},
		IAM:        []string{"s3:PutObject", "s3:AbortMultipartUpload"},
		PlanIAM:    []string{"s3:GetObject", "s3:ListBucket"},
		Mutates:    true,
		ItemsParam: "files",
	}
}

// Run uploads each file, with one item per file, or per entry that named
// no file. The output is {"Bucket", "Folder", "Files": [{"Path", "Key",
// "Size", "ETag", "VersionId", "Parts"}]}, where Parts is 0 for a single
// PutObject.
func (a uploadFiles) Run(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	bucket := call.Params.String("bucket")
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}

	folder := call.Params.String("folder")
	sources := expandFiles(call.Params.Strings("files"), folder)
	u := &fileUploader{bucket: bucket, title: title, call: call, client: client,
		uploader: newUploader(client, call.Settings)}
	items := eachIndex(ctx, len(sources), itemWorkers, func(ctx context.Context, i int) Item {
		return u.upload(ctx, sources[i])
	})
	return &Result{Items: items, Output: map[string]any{
		"Bucket": bucket,
		"Folder": keyPrefix(folder),
		"Files":  succeededOutputs(items),
	}}, nil
}

func newUploader(client manager.UploadAPIClient, s Settings) *manager.Uploader {
	return manager.NewUploader(client, func(u *manager.Uploader) {
		u.PartSize = uploadPartSize
		// The uploader's own abort uses the request's context, which is
		// already canceled after Ctrl-C; abortUpload cleans up instead.
		u.LeavePartsOnError = true
		if s.Checksum == ChecksumWhenRequired {
			u.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		}
	})
}

// fileUploader uploads local files to one bucket.
type fileUploader struct {
	uploader *manager.Uploader
	client   uploadAborter
	bucket   string
	title    string
	call     *Call
}

func (u *fileUploader) upload(ctx context.Context, src uploadSource) Item {
	if src.err != nil {
		return Item{Item: src.path, Status: Failed, Error: LocalFailure(u.title, src.path, src.err)}
	}
	destination := objectDestination(u.bucket, src.key)
	if err := u.call.ClaimDestination(destination); err != nil {
		return Item{Item: src.path, Status: Failed, Error: ValidationFailure(u.title, src.path, err)}
	}
	file, err := os.Open(src.path)
	if err != nil {
		u.call.ReleaseDestination(destination)
		return Item{Item: src.path, Status: Failed, Error: LocalFailure(u.title, src.path, err)}
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		u.call.ReleaseDestination(destination)
		return Item{Item: src.path, Status: Failed, Error: LocalFailure(u.title, src.path, err)}
	}

	in := &s3.PutObjectInput{Bucket: &u.bucket, Key: aws.String(src.key), Body: file}
	if ct := mime.TypeByExtension(filepath.Ext(src.path)); ct != "" {
		in.ContentType = aws.String(ct)
	}
	out, err := u.uploader.Upload(ctx, in)
	if err != nil {
		u.abortUpload(ctx, src.key, err)
		u.call.ReleaseDestination(destination)
		return Item{Item: src.path, Status: Failed, Error: NewFailure(u.title, src.path, err)}
	}
	u.call.AddProgress("files uploaded", 1)
	return Item{Item: src.path, Status: Succeeded, Output: uploadOutput(src, info.Size(), out)}
}

func uploadOutput(src uploadSource, size int64, out *manager.UploadOutput) map[string]any {
	m := map[string]any{
		"Path":  src.path,
		"Key":   src.key,
		"Size":  float64(size),
		"ETag":  aws.ToString(out.ETag),
		"Parts": float64(len(out.CompletedParts)),
	}
	if out.VersionID != nil {
		m["VersionId"] = *out.VersionID
	}
	return m
}

// abortUpload aborts the multipart upload a failed Upload left behind, even
// when ctx was canceled, so no incomplete upload keeps its parts (and their
// storage cost) in the bucket.
func (u *fileUploader) abortUpload(ctx context.Context, key string, err error) {
	var multi manager.MultiUploadFailure
	if !errors.As(err, &multi) || multi.UploadID() == "" {
		return
	}
	abortCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
	defer cancel()
	_, abortErr := u.client.AbortMultipartUpload(abortCtx, &s3.AbortMultipartUploadInput{
		Bucket: &u.bucket, Key: aws.String(key), UploadId: aws.String(multi.UploadID())})
	if abortErr != nil && u.call.Log != nil {
		u.call.Log.Warn("incomplete multipart upload left behind", "bucket", u.bucket,
			"key", key, "upload-id", multi.UploadID(), "error", abortErr)
	}
}

// abortTimeout bounds the clean-up of a failed upload after a cancel.
const abortTimeout = 30 * time.Second
