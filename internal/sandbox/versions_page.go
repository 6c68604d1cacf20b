package sandbox

import (
	"net/http"
	"strings"

	"github.com/johannesboyne/gofakes3"
)

// pageVersions returns the page of entries that query selects. Markers are
// exclusive: a page starts after the entry they name, and a truncated
// page's next markers name its last entry. Each common prefix counts once
// against max-keys, as in S3.
func pageVersions(entries []versionEntry, query versionsQuery) (listVersionsResult, *s3Error) {
	result := listVersionsResult{
		Xmlns:           s3Namespace,
		Prefix:          query.prefix,
		KeyMarker:       query.keyMarker,
		VersionIDMarker: query.versionIDMarker,
		MaxKeys:         query.maxKeys,
		Delimiter:       query.delimiter,
	}
	start, err := firstAfterMarkers(entries, query)
	if err != nil {
		return result, err
	}

	count, lastKey, lastID := 0, "", ""
	seen := map[string]bool{} // common prefixes already listed
	for _, entry := range entries[start:] {
		commonPrefix := commonPrefixOf(entry.key, query)
		if commonPrefix != "" && (seen[commonPrefix] || commonPrefix == query.keyMarker) {
			continue
		}
		if count == query.maxKeys {
			result.IsTruncated = count > 0
			break
		}
		count++

		if commonPrefix != "" {
			seen[commonPrefix] = true
			result.CommonPrefixes = append(result.CommonPrefixes,
				gofakes3.CommonPrefix{Prefix: commonPrefix})
			lastKey, lastID = commonPrefix, ""
			continue
		}
		result.Entries = append(result.Entries, entry.item)
		lastKey, lastID = entry.key, string(entry.id)
	}

	if result.IsTruncated {
		result.NextKeyMarker, result.NextVersionIDMarker = lastKey, lastID
	}
	return result, nil
}

// firstAfterMarkers returns the index of the first entry after the key
// and version markers of query.
func firstAfterMarkers(entries []versionEntry, query versionsQuery) (int, *s3Error) {
	if query.keyMarker == "" {
		return 0, nil
	}
	if query.versionIDMarker == "" {
		for i, entry := range entries {
			if entry.key > query.keyMarker {
				return i, nil
			}
		}
		return len(entries), nil
	}

	for i, entry := range entries {
		if entry.key == query.keyMarker && string(entry.id) == query.versionIDMarker {
			return i + 1, nil
		}
	}
	return 0, newS3Error(http.StatusBadRequest, "InvalidArgument", "Invalid version id specified")
}

// commonPrefixOf returns the common prefix that groups key, or "" when
// query has no delimiter or key has none after the prefix.
func commonPrefixOf(key string, query versionsQuery) string {
	if query.delimiter == "" {
		return ""
	}
	rest := strings.TrimPrefix(key, query.prefix)
	i := strings.Index(rest, query.delimiter)
	if i < 0 {
		return ""
	}
	return query.prefix + rest[:i+len(query.delimiter)]
}
