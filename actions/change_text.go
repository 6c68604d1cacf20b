package actions

import (
	"fmt"
	"strings"
)

// Describe returns the change as one line of text, such as "delete 1,204
// object versions and 37 delete markers, 3.2 GiB, in bucket logs".
func (c Change) Describe() string {
	counts := ObjectCounts{}
	if c.Counts != nil {
		counts = *c.Counts
	}
	size := FormatBytes(counts.Bytes)
	switch c.Kind {
	case ChangeDeleteObjects:
		return DeletePhrase(counts) + ", in bucket " + c.Bucket
	case ChangeDeleteObject:
		return fmt.Sprintf("delete key %s in bucket %s: %s, %s", c.Key, c.Bucket,
			JoinAnd(deletedEntries(counts)), size)
	case ChangeDeleteBucket:
		return "delete bucket " + c.Bucket
	case ChangeCreateBucket:
		return "create bucket " + c.Bucket
	case ChangePutBucketPolicy:
		if c.Before == nil {
			return "put a policy on bucket " + c.Bucket
		}
		return "replace the policy of bucket " + c.Bucket
	case ChangeDeleteBucketPolicy:
		return "delete the policy of bucket " + c.Bucket
	case ChangePutPublicAccessBlock:
		return "set the public access block of bucket " + c.Bucket
	case ChangeUploadFile:
		return fmt.Sprintf("upload %s to s3://%s/%s, %s", c.Path, c.Bucket, c.Key, size) +
			c.replacing("the object there")
	case ChangeMoveObject:
		return fmt.Sprintf("move s3://%s/%s to s3://%s/%s, %s", c.Bucket, c.Key,
			c.DestinationBucket, c.DestinationKey, size) + c.replacing("the object there")
	case ChangeDownloadObject:
		return fmt.Sprintf("download s3://%s/%s to %s, %s", c.Bucket, c.Key, c.Path, size) +
			c.replacing("the existing file")
	}
	return fmt.Sprintf("%s in bucket %s", c.Kind, c.Bucket)
}

// replacing describes what a write replaces, with its size when the plan
// recorded one.
func (c Change) replacing(what string) string {
	if !c.Replaces {
		return ""
	}
	if before, ok := c.Before.(map[string]any); ok {
		if size, ok := before["Size"].(float64); ok {
			return fmt.Sprintf(", replacing %s (%s)", what, FormatBytes(int64(size)))
		}
	}
	return ", replacing " + what
}

// DeletePhrase describes what deleting the counted entries does, such as
// "delete 9 object versions and 2 delete markers, abort 1 incomplete
// upload, 27 B".
func DeletePhrase(c ObjectCounts) string {
	var parts []string
	if c.Objects+c.Versions+c.DeleteMarkers > 0 {
		parts = append(parts, "delete "+JoinAnd(deletedEntries(c)))
	}
	if c.Uploads > 0 {
		parts = append(parts, "abort "+CountNoun(c.Uploads, "incomplete upload",
			"incomplete uploads"))
	}
	if len(parts) == 0 {
		return "delete nothing"
	}
	if c.Objects+c.Versions > 0 {
		parts = append(parts, FormatBytes(c.Bytes))
	}
	return strings.Join(parts, ", ")
}

// deletedEntries names the counted objects, versions and delete markers,
// leaving out those that are zero.
func deletedEntries(c ObjectCounts) []string {
	var entries []string
	add := func(n int64, singular, plural string) {
		if n > 0 {
			entries = append(entries, CountNoun(n, singular, plural))
		}
	}
	add(c.Objects, "object", "objects")
	add(c.Versions, "object version", "object versions")
	add(c.DeleteMarkers, "delete marker", "delete markers")
	if len(entries) == 0 {
		entries = append(entries, "nothing")
	}
	return entries
}

// CountNoun returns n with thousands separators and the singular or plural
// noun, as in "1 object" or "1,204 objects".
func CountNoun(n int64, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return FormatCount(n) + " " + plural
}

// JoinAnd joins parts as in "a, b and c".
func JoinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// FormatCount formats n with comma separators, as in 10,000.
func FormatCount(n int64) string {
	if n < 0 {
		return "-" + FormatCount(-n)
	}
	s := fmt.Sprint(n)
	head := len(s) % 3
	if head == 0 {
		head = 3
	}
	var b strings.Builder
	b.WriteString(s[:head])
	for i := head; i < len(s); i += 3 {
		b.WriteString(",")
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// FormatBytes formats a size in binary units, as in "512 B" or "3.2 GiB".
func FormatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	value, prefix := float64(n)/unit, 0
	for value >= unit && prefix < 5 {
		value /= unit
		prefix++
	}
	return fmt.Sprintf("%.1f %ciB", value, "KMGTPE"[prefix])
}
