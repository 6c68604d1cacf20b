package actions

import (
	"context"
	"os"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// headAPI is the SDK call that reads an object's metadata.
type headAPI interface {
	HeadObject(ctx context.Context, in *s3.HeadObjectInput,
		optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
}

// objectExists reports whether HeadObject finds an object at the key. Any
// error counts as no object: a 404, but also the 403 that S3 returns for
// a missing key to a caller without s3:ListBucket.
// NOTE: so a plan made without read access to the destination shows no
// replacement, even where the write would replace an object.
func objectExists(ctx context.Context, api headAPI, bucket, key string) bool {
	_, err := api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
	return err == nil
}

// fileExists reports whether something exists at a local path.
func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// replacedSet collects, during a plan, the items whose write would replace
// an existing object or file. Workers add to it concurrently.
type replacedSet struct {
	mu    sync.Mutex
	items map[string]bool
}

func (r *replacedSet) add(item string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.items == nil {
		r.items = map[string]bool{}
	}
	r.items[item] = true
}

func (r *replacedSet) has(item string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.items[item]
}
