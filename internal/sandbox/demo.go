package sandbox

import "strconv"

// DemoBucket describes one bucket that Start seeds, with the counts that
// S3 listings of it return right after Start.
type DemoBucket struct {
	Name      string
	Versioned bool
	// Objects is the number of keys ListObjectsV2 returns.
	Objects int
	// Versions is the number of entries in ListObjectVersions' Versions,
	// delete markers excluded. In a bucket without versioning each object
	// is one version, with the version id "null".
	Versions      int
	DeleteMarkers int
	// Uploads is the number of incomplete multipart uploads.
	Uploads     int
	Description string
}

// demoObject is one PutObject call. Putting a key again adds a version.
type demoObject struct {
	key     string
	content string
}

// demoBucketSpec is the content of one demo bucket. Start puts the objects
// first, then deletes the keys in deletes, which adds a delete marker each
// in a versioned bucket. Last it starts one multipart upload per key in
// uploads and leaves each incomplete with one part.
type demoBucketSpec struct {
	name        string
	versioned   bool
	description string
	objects     []demoObject
	deletes     []string
	uploads     []string
}

var demoBuckets = []demoBucketSpec{
	{
		name:      "demo-logs",
		versioned: true,
		description: "Versioned logs: 3 keys with 3 versions each; app/error.log is " +
			"hidden by a delete marker. Rehearse deleting all versions of a key.",
		objects: versionedLogs([]string{"app/access.log", "app/error.log", "app/audit.log"}, 3),
		deletes: []string{"app/error.log"},
	},
	{
		name:      "demo-tmp-1",
		versioned: true,
		description: "Versioned scratch space with a delete marker and an incomplete " +
			"multipart upload. Rehearse emptying and deleting a bucket.",
		objects: []demoObject{
			{"scratch/a.txt", "draft 1\n"},
			{"scratch/a.txt", "draft 2\n"},
			{"scratch/b.txt", "temporary notes\n"},
			{"scratch/c.txt", "cache entry\n"},
		},
		deletes: []string{"scratch/b.txt"},
		uploads: []string{"scratch/big.bin"},
	},
	{
		name:        "demo-tmp-2",
		description: "Reports under the folder reports/. Rehearse download, move and cleanup.",
		objects: []demoObject{
			{"reports/2024-q1.csv", "region,revenue\neu,120\nus,340\n"},
			{"reports/2024-q2.csv", "region,revenue\neu,150\nus,310\n"},
			{"reports/summary.txt", "Q1 and Q2 revenue by region.\n"},
		},
	},
	{
		name:        "demo-keep",
		description: "Objects a cleanup playbook must leave alone. Rehearse guards and dry runs.",
		objects: []demoObject{
			{"README.txt", "This bucket must survive every cleanup.\n"},
			{"config/settings.json", "{\"retention_days\": 30}\n"},
			{"data/customers.csv", "id,name\n1,Alice\n2,Bob\n"},
		},
	},
}

// versionedLogs returns count versions of each key, putting the keys in
// turn so that version times interleave as in a real log bucket.
func versionedLogs(keys []string, count int) []demoObject {
	var objects []demoObject
	for version := 1; version <= count; version++ {
		for _, key := range keys {
			content := key + ": entries of day " + strconv.Itoa(version) + "\n"
			objects = append(objects, demoObject{key, content})
		}
	}
	return objects
}

// summary returns the listing counts that the spec produces.
func (spec demoBucketSpec) summary() DemoBucket {
	current := map[string]bool{}
	for _, object := range spec.objects {
		current[object.key] = true
	}
	for _, key := range spec.deletes {
		delete(current, key)
	}

	versions, deleteMarkers := len(current), 0
	if spec.versioned {
		versions, deleteMarkers = len(spec.objects), len(spec.deletes)
	}
	return DemoBucket{
		Name:          spec.name,
		Versioned:     spec.versioned,
		Objects:       len(current),
		Versions:      versions,
		DeleteMarkers: deleteMarkers,
		Uploads:       len(spec.uploads),
		Description:   spec.description,
	}
}
