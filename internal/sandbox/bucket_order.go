package sandbox

import (
	"sort"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// sortedBackend lists buckets sorted by name, as S3 does. The s3mem
// backend of gofakes3 v1.2.0 lists them in Go map order, which changes from
// one listing to the next.
type sortedBackend struct {
	*s3mem.Backend
}

// ListBuckets returns the buckets sorted by name.
func (b sortedBackend) ListBuckets() ([]gofakes3.BucketInfo, error) {
	buckets, err := b.Backend.ListBuckets()
	sort.Slice(buckets, func(i, j int) bool { return buckets[i].Name < buckets[j].Name })
	return buckets, err
}
