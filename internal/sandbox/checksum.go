package sandbox

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"net/http"
)

// checksumAlgorithm is one of the flexible checksums S3 accepts in an
// x-amz-checksum-<name> header or aws-chunked trailer.
type checksumAlgorithm struct {
	name    string // as in the header name, lower case
	display string // as S3 spells it in messages
	newHash func() hash.Hash
}

// crc64NVMETable is CRC-64/NVME: the polynomial 0xad93d23594c93659 in the
// reflected form that hash/crc64 expects. Its initial value and final XOR
// of all ones match what hash/crc64 applies.
var crc64NVMETable = crc64.MakeTable(0x9a6c9329ac4bc9b5)

var checksumAlgorithms = []checksumAlgorithm{
	{"crc32", "CRC32", func() hash.Hash { return crc32.NewIEEE() }},
	{"crc32c", "CRC32C", func() hash.Hash { return crc32.New(crc32.MakeTable(crc32.Castagnoli)) }},
	{"crc64nvme", "CRC64NVME", func() hash.Hash { return crc64.New(crc64NVMETable) }},
	{"sha1", "SHA1", sha1.New},
	{"sha256", "SHA256", sha256.New},
}

func checksumHeader(algorithm checksumAlgorithm) string {
	return "X-Amz-Checksum-" + algorithm.name
}

// verifyChecksums compares body with every x-amz-checksum-* header that
// header contains, because gofakes3 v1.2.0 ignores them and S3 rejects a
// body that does not match.
func verifyChecksums(header http.Header, body []byte) *s3Error {
	for _, algorithm := range checksumAlgorithms {
		value := header.Get(checksumHeader(algorithm))
		if value == "" {
			continue
		}

		digest := algorithm.newHash()
		want, err := base64.StdEncoding.DecodeString(value)
		if err != nil || len(want) != digest.Size() {
			return newS3Error(http.StatusBadRequest, "InvalidRequest",
				"Value for x-amz-checksum-"+algorithm.name+" header is invalid.")
		}

		digest.Write(body)
		if !bytes.Equal(digest.Sum(nil), want) {
			return newS3Error(http.StatusBadRequest, "BadDigest",
				"The "+algorithm.display+" you specified did not match the calculated checksum.")
		}
	}
	return nil
}
