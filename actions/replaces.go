package actions

import (
	"context"
	"os"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// headAPI is the SDK call that reads an object's metadata.
type headAPI interface {
	HeadObject(ctx context.Context, in *s3.HeadObjectInput,
		optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
}

// existingObject returns the ETag and size of the object at the key, which
// a write there would replace, or nil. Any error counts as no object: a
// 404, but also the 403 that S3 returns for a missing key to a caller
// without s3:ListBucket.
// NOTE: so a plan made without read access to the destination shows no
// replacement, even where the write would replace an object.
func existingObject(ctx context.Context, api headAPI, bucket, key string) map[string]any {
	head, err := api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return nil
	}
	return map[string]any{"ETag": aws.ToString(head.ETag),
		"Size": float64(aws.ToInt64(head.ContentLength))}
}

// existingFile returns the size and modification time of what exists at a
// local path, which a download there would replace, or nil.
func existingFile(path string) map[string]any {
	info, err := os.Lstat(path)
	if err != nil {
		return nil
	}
	return map[string]any{"Size": float64(info.Size()),
		"ModTime": info.ModTime().UTC().Format(time.RFC3339Nano)}
}

// replacedSet collects, during a plan, what the writes of a step would
// replace, by item. Workers add to it concurrently.
type replacedSet struct {
	mu    sync.Mutex
	items map[string]map[string]any
}

func (r *replacedSet) add(item string, existing map[string]any) {
	if existing == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.items == nil {
		r.items = map[string]map[string]any{}
	}
	r.items[item] = existing
}

// mark sets Replaces and Before on a change whose item replaces something.
func (r *replacedSet) mark(c *Change, item string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if existing, ok := r.items[item]; ok {
		c.Replaces, c.Before = true, existing
	}
}
