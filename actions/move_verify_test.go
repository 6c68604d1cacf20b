package actions

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func headOf(size int64, etag string) *s3.HeadObjectOutput {
	return &s3.HeadObjectOutput{ContentLength: aws.Int64(size), ETag: aws.String(etag)}
}

func TestCompareCopy(t *testing.T) {
	const md5 = `"5d41402abc4b2a76b9719d911017c592"`
	const other = `"7d793037a0760186574b0282f2f435e7"`
	kms := headOf(5, md5)
	kms.ServerSideEncryption = types.ServerSideEncryptionAwsKms
	kms2 := headOf(5, other)
	kms2.ServerSideEncryption = types.ServerSideEncryptionAwsKmsDsse
	cases := []struct {
		name         string
		source, dest *s3.HeadObjectOutput
		copied       copyResult
		err          string
	}{
		{"same object", headOf(5, md5), headOf(5, md5), copyResult{etag: md5}, ""},
		{"size differs", headOf(5, md5), headOf(4, md5), copyResult{etag: md5},
			"the copy has 4 bytes, the source 5"},
		{"changed after copy", headOf(5, md5), headOf(5, other), copyResult{etag: md5},
			"changed after the copy"},
		{"content differs", headOf(5, md5), headOf(5, other), copyResult{etag: other},
			"differs from the source's ETag"},
		{"multipart copy", headOf(5, md5), headOf(5, `"abc-3"`),
			copyResult{etag: `"abc-3"`, parts: 3}, ""},
		{"multipart source", headOf(5, `"abc-2"`), headOf(5, md5), copyResult{etag: md5}, ""},
		{"KMS source", kms, headOf(5, other), copyResult{etag: other}, ""},
		{"KMS copy", headOf(5, md5), kms2, copyResult{etag: other}, ""},
	}
	for _, c := range cases {
		err := compareCopy(c.source, c.dest, c.copied)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.err)
		}
	}
}
