package actions

// Grant is a set of IAM actions that a call needs on the bucket or buckets
// one of its parameters names.
type Grant struct {
	// Bucket names the parameter with the bucket name or names, such as
	// "bucket" or "source_bucket". It is "" for actions that apply to no
	// bucket, such as s3:ListAllMyBuckets.
	Bucket string
	// Actions are IAM action names, such as "s3:GetObject".
	Actions []string
	// KeyPrefix limits the object-level actions to keys that start with it.
	// An empty prefix means every key of the bucket.
	KeyPrefix string
}

// IAMScoper is implemented by actions whose IAM needs depend on their
// parameters, or that name more than one bucket. Other actions need every
// IAM action of their Spec on the bucket of their bucket parameter.
type IAMScoper interface {
	// IAMFor returns the grants a call with params needs. A parameter
	// missing from params has a value known only at run time, and counts as
	// the value that needs the most. Every action returned is in Spec.IAM.
	IAMFor(params Params) []Grant
}

// bucketParams are the parameter names that contain the bucket of an
// action without IAMFor.
var bucketParams = []string{"bucket", "bucket_names"}

// Grants returns the IAM grants a call of a with params needs, following
// the rules of IAMScoper. The reads that only a plan makes are included,
// because an interactive run and run --plan make a plan first.
func Grants(a Action, params Params) []Grant {
	spec := a.Spec()
	var grants []Grant
	if s, ok := a.(IAMScoper); ok {
		grants = s.IAMFor(params)
	} else {
		grants = []Grant{{Bucket: BucketParam(spec), Actions: spec.IAM}}
	}
	if len(spec.PlanIAM) > 0 {
		grants = append(grants, Grant{Bucket: BucketParam(spec), Actions: spec.PlanIAM})
	}
	return grants
}

// BucketParam returns the parameter that names the bucket of an action
// without IAMFor, or "" when it takes none.
func BucketParam(spec Spec) string {
	for _, name := range bucketParams {
		if _, ok := spec.Param(name); ok {
			return name
		}
	}
	return ""
}

// unknownOr reports whether a boolean parameter is unknown or true.
func unknownOr(p Params, name string) bool {
	return !p.Has(name) || p.Bool(name)
}

// mayListAll reports whether keys is unknown or selects every object.
func mayListAll(p Params) bool {
	if !p.Has("keys") {
		return true
	}
	all, _ := wantsAllKeys(p.Strings("keys"), false)
	return all
}

// knownKeyPrefix returns the key prefix a folder parameter sets, or "" when
// the folder is unknown, which allows every key.
func knownKeyPrefix(p Params, name string) string {
	if !p.Has(name) {
		return ""
	}
	return keyPrefix(p.String(name))
}
