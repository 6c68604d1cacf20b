package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

// maxPolicySize is the largest bucket policy S3 accepts, 20 KB.
const maxPolicySize = 20 * 1024

// bucketSettings stores the bucket configurations that gofakes3 v1.2.0
// lacks: bucket policies, public access block configurations and the
// location constraints buckets were created with.
type bucketSettings struct {
	mu           sync.Mutex
	policies     map[string]string
	publicAccess map[string]publicAccessBlock
	locations    map[string]string // bucket to region, "" for us-east-1
}

func newBucketSettings() *bucketSettings {
	return &bucketSettings{
		policies:     map[string]string{},
		publicAccess: map[string]publicAccessBlock{},
		locations:    map[string]string{},
	}
}

// forget drops the settings of a deleted bucket, so that a new bucket of
// the same name starts without them, as in S3.
func (s *bucketSettings) forget(bucket string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.policies, bucket)
	delete(s.publicAccess, bucket)
	delete(s.locations, bucket)
}

// serveBucketPolicy handles GetBucketPolicy, PutBucketPolicy and
// DeleteBucketPolicy for a bucket known to exist.
func (s *bucketSettings) serveBucketPolicy(w http.ResponseWriter, r *http.Request, bucket string) {
	switch r.Method {
	case http.MethodGet:
		s.getPolicy(w, r, bucket)
	case http.MethodPut:
		s.putPolicy(w, r, bucket)
	case http.MethodDelete:
		s.mu.Lock()
		delete(s.policies, bucket)
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	default:
		writeS3Error(w, r, errMethodNotAllowed())
	}
}

func (s *bucketSettings) getPolicy(w http.ResponseWriter, r *http.Request, bucket string) {
	s.mu.Lock()
	policy, found := s.policies[bucket]
	s.mu.Unlock()
	if !found {
		err := newS3Error(http.StatusNotFound, "NoSuchBucketPolicy",
			"The specified bucket does not have a bucket policy.")
		err.BucketName = bucket
		writeS3Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, policy)
}

func (s *bucketSettings) putPolicy(w http.ResponseWriter, r *http.Request, bucket string) {
	policy, err := readPolicy(r)
	if err != nil {
		writeS3Error(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.publicAccess[bucket].BlockPublicPolicy && isPublicPolicy(policy) {
		// S3 rejects a public policy while BlockPublicPolicy is set.
		writeS3Error(w, r, newS3Error(http.StatusForbidden, "AccessDenied",
			"Access Denied: public policies are blocked by the BlockPublicPolicy block "+
				"public access setting"))
		return
	}
	s.policies[bucket] = policy
	w.WriteHeader(http.StatusNoContent)
}

// readPolicy reads a policy document and returns it unchanged, so that
// GetBucketPolicy returns the exact text, policy variables such as
// ${aws:username} included.
func readPolicy(r *http.Request) (string, *s3Error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxPolicySize+1))
	if err != nil {
		return "", newS3Error(http.StatusBadRequest, "IncompleteBody", s3Messages["IncompleteBody"])
	}
	if len(body) > maxPolicySize {
		return "", errMalformedPolicy("Policy exceeds the maximum allowed document size.")
	}

	var document map[string]json.RawMessage
	if err := json.Unmarshal(body, &document); err != nil {
		return "", errMalformedPolicy("Policies must be valid JSON and the first byte must be '{'")
	}
	if _, found := document["Statement"]; !found {
		return "", errMalformedPolicy("Missing required field Statement")
	}
	return string(body), nil
}

func errMalformedPolicy(message string) *s3Error {
	return newS3Error(http.StatusBadRequest, "MalformedPolicy", message)
}
