package actions

import (
	"context"
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Plan checks that the bucket exists, unless an earlier planned step
// creates it, expands the files, reads their sizes, and reads each
// destination key with HeadObject to show the uploads that would replace
// an object.
// The predicted output has Run's shape; ETag and VersionId, known only
// after the upload, are empty or left out.
func (a uploadFiles) Plan(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	bucket := call.Params.String("bucket")
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}
	_, created := call.Plan.CreatedRegion(bucket)
	if !created {
		if f := checkBucketFound(ctx, client, title, bucket); f != nil {
			return nil, f
		}
	}
	folder := call.Params.String("folder")
	sources := expandPlannedFiles(call.Params.Strings("files"), folder, call.Plan.PlannedFiles)

	var replaced replacedSet
	items := eachIndex(ctx, len(sources), itemWorkers, func(ctx context.Context, i int) Item {
		it := planUpload(title, sources[i])
		if it.Status == Succeeded {
			err := call.ClaimDestination(objectDestination(bucket, sources[i].key))
			if err != nil {
				return Item{Item: sources[i].path, Status: Failed,
					Error: ValidationFailure(title, sources[i].path, err)}
			}
		}
		if it.Status == Succeeded && !created {
			replaced.add(sources[i].path, existingObject(ctx, client, bucket, sources[i].key))
		}
		if out, ok := it.Output.(map[string]any); ok && it.Status == Succeeded {
			size, _ := out["Size"].(float64)
			call.Plan.NoteObjectWritten(bucket, sources[i].key, int64(size))
		}
		return it
	})
	var changes []Change
	for i, it := range items {
		out, _ := it.Output.(map[string]any)
		if it.Status != Succeeded || out == nil {
			continue
		}
		size, _ := out["Size"].(float64)
		change := Change{Kind: ChangeUploadFile, Bucket: bucket, Key: sources[i].key,
			Path: sources[i].path, Counts: &ObjectCounts{Objects: 1, Bytes: int64(size)}}
		replaced.mark(&change, sources[i].path)
		changes = append(changes, change)
	}
	return &Result{Items: items, Changes: changes, Output: map[string]any{
		"Bucket": bucket,
		"Folder": keyPrefix(folder),
		"Files":  succeededOutputs(items),
	}}, nil
}

// checkBucketFound fails when HeadBucket finds no bucket (404), so that a
// plan predicts the failure the uploads would meet. Other errors, such as
// 403 for a caller without s3:ListBucket, leave the outcome to the run.
func checkBucketFound(ctx context.Context, api bucketHeader, title, bucket string) *Failure {
	_, err := api.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &bucket})
	if err != nil && responseStatus(err) == http.StatusNotFound {
		return NewFailure(title, bucket, err)
	}
	return nil
}

// planUpload predicts the item of one file from its size.
func planUpload(title string, src uploadSource) Item {
	size, err := localFileSize(src)
	if err != nil {
		return Item{Item: src.path, Status: Failed, Error: LocalFailure(title, src.path, err)}
	}
	return Item{Item: src.path, Status: Succeeded, Output: map[string]any{
		"Path":  src.path,
		"Key":   src.key,
		"Size":  float64(size),
		"ETag":  "",
		"Parts": float64(uploadParts(size)),
	}}
}

func localFileSize(src uploadSource) (int64, error) {
	if src.err != nil {
		return 0, src.err
	}
	if src.plannedSize != nil {
		return *src.plannedSize, nil
	}
	info, err := os.Stat(src.path)
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

// uploadParts predicts how many parts the upload manager sends: none for a
// file that fits one PutObject, else one per part, raised like the manager
// raises the part size so there are at most maxParts.
func uploadParts(size int64) int {
	if size <= uploadPartSize {
		return 0
	}
	return len(partRanges(size, uploadPartSize))
}
