package actions

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// downloader writes objects of one bucket into one local folder.
type downloader struct {
	api    downloadAPI
	bucket string
	folder *localFolder
	title  string
	call   *Call
	// clashes maps each key whose file path another key needs as a folder
	// to that key (see keyFolderClashes).
	clashes map[string]string
	// overwrite lets a download replace a file that exists.
	overwrite bool
}

// download writes one key. A key that could leave the folder, or whose
// local path is taken, fails before any request, so nothing is read or
// written for it.
func (d *downloader) download(ctx context.Context, key string) Item {
	rel, isFolder, err := localPath(key)
	if err != nil {
		return Item{Item: key, Status: Failed, Error: ValidationFailure(d.title, key, err)}
	}
	if f := pathClash(d.title, key, rel, isFolder, d.overwrite, d.clashes, d.folder.root); f != nil {
		return Item{Item: key, Status: Failed, Error: f}
	}
	if f := claimFile(d.call, d.title, key, d.folder.abs(rel), isFolder); f != nil {
		return Item{Item: key, Status: Failed, Error: f}
	}

	out, err := d.api.GetObject(ctx, &s3.GetObjectInput{Bucket: &d.bucket, Key: &key},
		quietChecksumSkip)
	if err != nil {
		d.call.ReleaseDestination(fileDestination(d.folder.abs(rel)))
		return Item{Item: key, Status: Failed, Error: NewFailure(d.title, key, err)}
	}
	defer out.Body.Close()

	size, f := d.write(rel, isFolder, key, out)
	if f != nil {
		// A failed write removes its temporary file and leaves the path as
		// it was.
		d.call.ReleaseDestination(fileDestination(d.folder.abs(rel)))
		return Item{Item: key, Status: Failed, Error: f}
	}
	d.call.AddProgress("files downloaded", 1)
	return Item{Item: key, Status: Succeeded, Output: d.fileOutput(key, rel, size, out)}
}

// write stores the body, or creates the folder of a folder marker key. An
// error while reading the body is reported as the network error it is,
// and any other error as a local file error.
func (d *downloader) write(rel string, isFolder bool, key string,
	out *s3.GetObjectOutput) (int64, *Failure) {
	want := aws.ToInt64(out.ContentLength)
	if out.ContentLength == nil {
		want = -1
	}
	if isFolder {
		if want > 0 {
			return 0, LocalFailure(d.title, key, markerWithBody(key, want))
		}
		if err := d.folder.mkdir(rel); err != nil {
			return 0, LocalFailure(d.title, key, err)
		}
		return 0, nil
	}

	body := &readTracker{r: out.Body}
	size, err := d.folder.writeFile(rel, body, want)
	var short *shortBodyError
	switch {
	case body.err != nil:
		return size, NewFailure(d.title, key, body.err)
	case errors.As(err, &short):
		return size, NewFailure(d.title, key, err)
	case err != nil:
		return size, LocalFailure(d.title, key, fmt.Errorf("write %s: %w", d.folder.abs(rel), err))
	}
	return size, nil
}

func (d *downloader) fileOutput(key, rel string, size int64, out *s3.GetObjectOutput) map[string]any {
	m := map[string]any{
		"Key":          key,
		"Path":         d.folder.abs(rel),
		"Size":         float64(size),
		"ETag":         aws.ToString(out.ETag),
		"LastModified": timeString(out.LastModified),
	}
	if out.VersionId != nil {
		m["VersionId"] = *out.VersionId
	}
	return m
}

// quietChecksumSkip stops the SDK from writing a debug line to stderr for
// every object that has no full-object checksum to validate, such as a
// multipart upload or an object on a server that stores no checksums.
func quietChecksumSkip(o *s3.Options) {
	o.DisableLogOutputChecksumValidationSkipped = true
}

// readTracker records the first read error other than io.EOF, which
// distinguishes a failed download from a failed write.
type readTracker struct {
	r   io.Reader
	err error
}

func (t *readTracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF && t.err == nil {
		t.err = err
	}
	return n, err
}

// markerWithBody is the error of a key that ends with "/", like a folder
// marker, but has a body, which no local folder can contain.
func markerWithBody(key string, size int64) error {
	return fmt.Errorf("key %q ends with / like a folder but contains %d bytes, which a local "+
		"folder cannot contain", key, size)
}
