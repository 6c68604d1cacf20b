package actions

// IAMFor adds s3:ListBucket only for keys ["*"], which lists the bucket.
// Named keys are read with GetObject alone.
func (downloadFiles) IAMFor(p Params) []Grant {
	needs := []string{"s3:GetObject"}
	if mayListAll(p) {
		needs = append(needs, "s3:ListBucket")
	}
	return []Grant{{Bucket: "bucket", Actions: needs}}
}

// IAMFor follows the calls each mode makes. Named keys without
// all_versions are one DeleteObjects call. all_versions lists versions and
// deletes them by version id. keys ["*"] also lists and aborts multipart
// uploads, and lists current objects unless all_versions is set.
func (deleteBucketObjects) IAMFor(p Params) []Grant {
	needs := []string{"s3:DeleteObject"}
	if unknownOr(p, "all_versions") {
		needs = append(needs, "s3:DeleteObjectVersion", "s3:ListBucketVersions")
	}
	if mayListAll(p) {
		needs = append(needs, "s3:ListBucketMultipartUploads", "s3:AbortMultipartUpload")
		if !p.Has("all_versions") || !p.Bool("all_versions") {
			needs = append(needs, "s3:ListBucket")
		}
	}
	return []Grant{{Bucket: "bucket", Actions: needs}}
}

// IAMFor limits the uploads to the folder when it is known. The SDK's
// uploader aborts a multipart upload that fails.
func (uploadFiles) IAMFor(p Params) []Grant {
	return []Grant{{Bucket: "bucket", Actions: []string{"s3:PutObject", "s3:AbortMultipartUpload"},
		KeyPrefix: knownKeyPrefix(p, "folder")}}
}

// IAMFor needs s3:DeleteBucketPolicy only when removing public statements
// can leave no statement, which deletes the policy.
func (putBucketPolicy) IAMFor(p Params) []Grant {
	needs := []string{"s3:GetBucketPolicy", "s3:PutBucketPolicy"}
	if unknownOr(p, "remove_public_statements") {
		needs = append(needs, "s3:DeleteBucketPolicy")
	}
	return []Grant{{Bucket: "bucket", Actions: needs}}
}

// moveSourceIAM covers the source side of a move. The copy and the delete
// name the version HeadObject returned, which on a versioned bucket needs
// the version forms. GetBucketVersioning decides whether listing entries can
// replace HeadObject. CopyObject copies the object's tags by default, and
// S3 then checks the tagging permissions.
// NOTE: s3:GetObjectVersionTagging is inferred from the copy naming a
// version; AWS documents only s3:GetObjectTagging for tagged sources.
var moveSourceIAM = []string{"s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetObject", "s3:GetObjectVersion",
	"s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:DeleteObject",
	"s3:DeleteObjectVersion"}

// moveDestinationIAM covers the copy, its tags, the abort of a failed
// multipart copy and the HeadObject that verifies the copy, by version
// when the destination is versioned.
var moveDestinationIAM = []string{"s3:GetBucketLocation", "s3:PutObject",
	"s3:PutObjectTagging", "s3:AbortMultipartUpload", "s3:GetObject", "s3:GetObjectVersion"}

// IAMFor splits the needs between the two buckets and limits the
// destination to destination_path when it is known.
func (moveFiles) IAMFor(p Params) []Grant {
	return []Grant{
		{Bucket: "source_bucket", Actions: moveSourceIAM},
		{Bucket: "destination_bucket", Actions: moveDestinationIAM,
			KeyPrefix: knownKeyPrefix(p, "destination_path")},
	}
}
