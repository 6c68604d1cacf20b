package sandbox

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/johannesboyne/gofakes3"
)

// The sandbox serves ListObjectVersions itself, from the backend's full
// version list, because gofakes3 v1.2.0 with s3mem pages it wrongly. Its
// truncated pages have no NextKeyMarker or NextVersionIdMarker, so a
// paginating client requests the first page forever. It also lists each
// key's versions oldest first, where S3 lists the newest first.

// maxListKeys is the largest page S3 returns, whatever max-keys requests.
const maxListKeys = 1000

type versionsQuery struct {
	prefix, delimiter, keyMarker, versionIDMarker string
	maxKeys                                       int
}

// versionEntry is a gofakes3.Version or a gofakes3.DeleteMarker.
type versionEntry struct {
	key  string
	id   gofakes3.VersionID
	item any
}

// listVersionsResult is S3's ListVersionsResult document.
type listVersionsResult struct {
	XMLName             xml.Name                `xml:"ListVersionsResult"`
	Xmlns               string                  `xml:"xmlns,attr"`
	Name                string                  `xml:"Name"`
	Prefix              string                  `xml:"Prefix"`
	KeyMarker           string                  `xml:"KeyMarker"`
	VersionIDMarker     string                  `xml:"VersionIdMarker"`
	NextKeyMarker       string                  `xml:"NextKeyMarker,omitempty"`
	NextVersionIDMarker string                  `xml:"NextVersionIdMarker,omitempty"`
	MaxKeys             int                     `xml:"MaxKeys"`
	Delimiter           string                  `xml:"Delimiter,omitempty"`
	IsTruncated         bool                    `xml:"IsTruncated"`
	Entries             []any                   // <Version> and <DeleteMarker> in listing order
	CommonPrefixes      []gofakes3.CommonPrefix `xml:"CommonPrefixes"`
}

func isListVersions(r *http.Request, bucket, object string) bool {
	return r.Method == http.MethodGet && bucket != "" && object == "" && r.URL.Query().Has("versions")
}

func (s *server) serveListVersions(w http.ResponseWriter, r *http.Request, bucket string) {
	query, err := parseVersionsQuery(r.URL.Query())
	if err != nil {
		writeS3Error(w, r, err)
		return
	}

	prefix := gofakes3.Prefix{HasPrefix: query.prefix != "", Prefix: query.prefix}
	all, listErr := s.backend.ListBucketVersions(bucket, &prefix, nil)
	if gofakes3.HasErrorCode(listErr, gofakes3.ErrNoSuchBucket) {
		writeS3Error(w, r, errNoSuchBucket(bucket))
		return
	}
	if listErr != nil {
		s.logger.Error("sandbox: list versions failed", "bucket", bucket, "error", listErr)
		writeS3Error(w, r, newS3Error(http.StatusInternalServerError, "InternalError",
			s3Messages["InternalError"]))
		return
	}

	result, err := pageVersions(sortedVersions(all.Versions), query)
	if err != nil {
		writeS3Error(w, r, err)
		return
	}
	result.Name = bucket
	writeXML(w, result)
}

func parseVersionsQuery(values url.Values) (versionsQuery, *s3Error) {
	query := versionsQuery{
		prefix:          values.Get("prefix"),
		delimiter:       values.Get("delimiter"),
		keyMarker:       values.Get("key-marker"),
		versionIDMarker: values.Get("version-id-marker"),
		maxKeys:         maxListKeys,
	}
	if text := values.Get("max-keys"); text != "" {
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 {
			return query, invalidArgument("Provided max-keys not an integer or within integer range")
		}
		query.maxKeys = min(n, maxListKeys)
	}
	if query.versionIDMarker != "" && query.keyMarker == "" {
		return query, invalidArgument("A version-id marker cannot be specified without a key marker.")
	}
	return query, nil
}

func invalidArgument(message string) *s3Error {
	return newS3Error(http.StatusBadRequest, "InvalidArgument", message)
}

// sortedVersions orders items as S3 lists them: by key, and within a key
// from the newest version to the oldest. s3mem's version ids start with a
// creation counter, so a later version has a greater id.
func sortedVersions(items []gofakes3.VersionItem) []versionEntry {
	entries := make([]versionEntry, 0, len(items))
	for _, item := range items {
		switch v := item.(type) {
		case *gofakes3.Version:
			if v.StorageClass == "" {
				v.StorageClass = "STANDARD"
			}
			entries = append(entries, versionEntry{key: v.Key, id: v.VersionID, item: v})
		case *gofakes3.DeleteMarker:
			entries = append(entries, versionEntry{key: v.Key, id: v.VersionID, item: v})
		}
	}

	sort.SliceStable(entries, func(i, j int) bool {
		if entries[i].key != entries[j].key {
			return entries[i].key < entries[j].key
		}
		return entries[i].id > entries[j].id
	})

	// A bucket that never had versioning lists the version id "null".
	for i := range entries {
		if entries[i].id == "" {
			entries[i].id = "null"
			setVersionID(entries[i].item, "null")
		}
	}
	return entries
}

func setVersionID(item any, id gofakes3.VersionID) {
	switch v := item.(type) {
	case *gofakes3.Version:
		v.VersionID = id
	case *gofakes3.DeleteMarker:
		v.VersionID = id
	}
}
