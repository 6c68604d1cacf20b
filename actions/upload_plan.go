package actions

import (
	"context"
	"os"
)

// Plan expands the files and reads their sizes, and sends nothing to S3.
// The predicted output has Run's shape; ETag and VersionId, known only
// after the upload, are empty or left out.
func (a uploadFiles) Plan(_ context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	bucket := call.Params.String("bucket")
	folder := call.Params.String("folder")
	sources := expandFiles(call.Params.Strings("files"), folder)

	items := make([]Item, len(sources))
	var changes []Change
	for i, src := range sources {
		size, err := localFileSize(src)
		if err != nil {
			items[i] = Item{Item: src.path, Status: Failed, Error: LocalFailure(title, src.path, err)}
			continue
		}
		items[i] = Item{Item: src.path, Status: Succeeded, Output: map[string]any{
			"Path":  src.path,
			"Key":   src.key,
			"Size":  float64(size),
			"ETag":  "",
			"Parts": float64(uploadParts(size)),
		}}
		changes = append(changes, Change{Kind: ChangeUploadFile, Bucket: bucket, Key: src.key,
			Path: src.path, Counts: &ObjectCounts{Objects: 1, Bytes: size}})
	}
	return &Result{Items: items, Changes: changes, Output: map[string]any{
		"Bucket": bucket,
		"Folder": keyPrefix(folder),
		"Files":  succeededOutputs(items),
	}}, nil
}

func localFileSize(src uploadSource) (int64, error) {
	if src.err != nil {
		return 0, src.err
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
