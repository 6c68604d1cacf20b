package actions

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
)

// targetDigest sums a hash of every entry that emptying a bucket would
// delete, as key and size, so that an approved plan covers which objects
// are deleted and not only how many. The sum does not depend on the order
// of the entries, which differs between listings.
type targetDigest struct {
	high, low uint64
	n         int64
}

func (d *targetDigest) add(key string, size int64) {
	sum := sha256.Sum256([]byte(key + "\x00" + strconv.FormatInt(size, 10)))
	d.high += binary.BigEndian.Uint64(sum[:8])
	d.low += binary.BigEndian.Uint64(sum[8:16])
	d.n++
}

// String returns the digest as text, or "" when nothing was added.
func (d targetDigest) String() string {
	if d.n == 0 {
		return ""
	}
	return fmt.Sprintf("%016x%016x", d.high, d.low)
}
