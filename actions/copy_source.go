package actions

import (
	"net/url"
	"strings"
)

// copySource builds the x-amz-copy-source value "bucket/key", with
// "?versionId=ID" when versionID is set. The SDK sends CopySource exactly
// as given (service/s3 v1.115.0 encodes nothing), and S3 decodes it as a
// URL path. So every UTF-8 byte of the key is percent-encoded, except the
// unreserved characters A-Z a-z 0-9 - . _ ~ and the "/" between segments.
// A "+" sent as is would reach S3 as a space, a "%25" in a name would lose
// its literal form, and "?" or "#" would end the key.
func copySource(bucket, key, versionID string) string {
	var b strings.Builder
	b.Grow(len(bucket) + 1 + 3*len(key))
	b.WriteString(bucket)
	b.WriteByte('/')
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c == '/' || isUnreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	if versionID != "" {
		b.WriteString("?versionId=")
		b.WriteString(url.QueryEscape(versionID))
	}
	return b.String()
}

const upperHex = "0123456789ABCDEF"

// isUnreserved reports whether c is an unreserved URI character (RFC 3986,
// section 2.3), which never needs encoding.
func isUnreserved(c byte) bool {
	switch {
	case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		return true
	}
	return c == '-' || c == '.' || c == '_' || c == '~'
}
