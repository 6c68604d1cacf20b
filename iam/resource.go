package iam

import (
	"fmt"
	"strings"
)

// scope is the kind of resource an IAM action applies to.
type scope int

// Scopes in the order their statements are printed.
const (
	scopeAccount scope = iota // "*": the action names no bucket or object
	scopeBucket               // arn:aws:s3:::BUCKET
	scopeObject               // arn:aws:s3:::BUCKET/KEY
	scopeRole                 // the ARN of a role to assume
)

// actionScopes gives the resource type of every IAM action an action's Spec
// may list, as the Service Authorization Reference for Amazon S3 assigns
// them. An action missing here is an error, so a new one gets a scope
// before it reaches a policy.
var actionScopes = map[string]scope{
	"s3:ListAllMyBuckets":     scopeAccount,
	"sts:GetCallerIdentity":   scopeAccount,
	"sts:AssumeRole":          scopeRole,
	"s3:CreateBucket":         scopeBucket,
	"s3:DeleteBucket":         scopeBucket,
	"s3:ListBucket":           scopeBucket,
	"s3:ListBucketVersions":   scopeBucket,
	"s3:GetBucketLocation":    scopeBucket,
	"s3:GetBucketVersioning":  scopeBucket,
	"s3:GetBucketPolicy":      scopeBucket,
	"s3:PutBucketPolicy":      scopeBucket,
	"s3:DeleteBucketPolicy":   scopeBucket,
	"s3:GetObject":            scopeObject,
	"s3:GetObjectVersion":     scopeObject,
	"s3:GetObjectTagging":     scopeObject,
	"s3:PutObject":            scopeObject,
	"s3:PutObjectTagging":     scopeObject,
	"s3:DeleteObject":         scopeObject,
	"s3:DeleteObjectVersion":  scopeObject,
	"s3:AbortMultipartUpload": scopeObject,

	"s3:ListBucketMultipartUploads": scopeBucket,
	"s3:GetBucketPublicAccessBlock": scopeBucket,
	"s3:PutBucketPublicAccessBlock": scopeBucket,
	"s3:GetObjectVersionTagging":    scopeObject,
}

func scopeOf(action string) (scope, error) {
	s, ok := actionScopes[action]
	if !ok {
		return 0, fmt.Errorf("IAM action %s has no known resource type", action)
	}
	return s, nil
}

// resource is one Resource entry of a statement. Buckets and keys are kept
// apart from the ARN text so that a wildcard can be compared with the
// names it covers.
type resource struct {
	scope     scope
	bucket    string // a bucket name or, when wild, the start of bucket names
	wild      bool   // any bucket whose name starts with bucket
	keyPrefix string // object scope: keys that start with it
	arn       string // account and role scopes: the resource as written
}

func bucketResource(name string, wild bool) resource {
	return resource{scope: scopeBucket, bucket: name, wild: wild}
}

// keyEscaper writes *, ? and $ of a key as the policy variables IAM reads
// as those characters, so a key prefix never becomes a wildcard.
var keyEscaper = strings.NewReplacer("$", "${$}", "*", "${*}", "?", "${?}")

// String renders the resource as it appears in the policy.
func (r resource) String() string {
	switch r.scope {
	case scopeBucket:
		return "arn:aws:s3:::" + r.bucketPattern()
	case scopeObject:
		return "arn:aws:s3:::" + r.bucketPattern() + "/" + keyEscaper.Replace(r.keyPrefix) + "*"
	}
	return r.arn
}

func (r resource) bucketPattern() string {
	if r.wild {
		return r.bucket + "*"
	}
	return r.bucket
}

// covers reports whether w matches every resource r matches, so r can be
// left out of a statement that has w.
func (w resource) covers(r resource) bool {
	if w == r || w.scope != r.scope {
		return false
	}
	switch w.scope {
	case scopeBucket, scopeObject:
	default:
		return w.arn == "*"
	}
	sameBuckets := r.bucket == w.bucket && !r.wild
	if w.wild {
		sameBuckets = strings.HasPrefix(r.bucket, w.bucket)
	}
	return sameBuckets && strings.HasPrefix(r.keyPrefix, w.keyPrefix)
}
