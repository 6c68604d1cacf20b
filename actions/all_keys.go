package actions

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// wantsAllKeys reports whether keys is exactly [AllKeys] written in the
// playbook. It rejects "*" next to other keys, because mixing "every
// object" with named ones is most likely a mistake in the playbook. In a
// computed list, "*" is the name of an object like any other.
func wantsAllKeys(keys []string, computed bool) (bool, error) {
	if computed {
		return false, nil
	}
	if len(keys) > 1 && slices.Contains(keys, AllKeys) {
		return false, fmt.Errorf(`keys: "*" selects every object and must be the only entry, `+
			"got %d keys", len(keys))
	}
	return len(keys) == 1 && keys[0] == AllKeys, nil
}

// listAllKeys returns the key of every current object in the bucket, paging
// through ListObjectsV2 and dropping the repeats some servers send at page
// boundaries.
func listAllKeys(ctx context.Context, api objectsLister, bucket string) ([]string, error) {
	var keys []string
	window := newPageWindow()
	in := s3.ListObjectsV2Input{Bucket: aws.String(bucket)}
	err := walkObjects(ctx, api, in, func(out *s3.ListObjectsV2Output) bool {
		window.turn()
		for _, o := range out.Contents {
			if window.firstSeen(types.ObjectIdentifier{Key: o.Key}) {
				keys = append(keys, aws.ToString(o.Key))
			}
		}
		return true
	})
	return keys, err
}
