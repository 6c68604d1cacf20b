package actions

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// callerIdentifier is the STS call that names the caller's identity.
type callerIdentifier interface {
	GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput,
		optFns ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

type testConnection struct{}

func init() { Register(testConnection{}) }

// Spec describes s3.test_connection.
func (testConnection) Spec() Spec {
	return Spec{
		Name:  "s3.test_connection",
		Title: "Test Connection",
		Summary: "Check that S3 answers with the connection's credentials and, on AWS, " +
			"show the caller identity.",
		IAM: []string{"s3:ListAllMyBuckets", "sts:GetCallerIdentity"},
	}
}

// Run lists one page of buckets and, when STS is reachable, asks for the
// caller identity. The output is {"Reachable": true, "BucketCount",
// "IsTruncated", "Identity": {"Account", "Arn", "UserId"} or null};
// IsTruncated tells that BucketCount covers only the first page.
func (a testConnection) Run(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, "", err)
	}
	var identity callerIdentifier
	if usesSTS(call.Settings) {
		// With a role_arn, the identity shown is the assumed role's.
		stsClient, err := call.Conn.STS(ctx, call.Settings)
		if err != nil {
			return nil, NewFailure(title, "", err)
		}
		identity = stsClient
	}
	return checkConnection(ctx, client, identity, title)
}

// usesSTS reports whether an STS endpoint exists for the connection: one
// set explicitly, or AWS itself when no S3-compatible endpoint is set.
// S3-compatible servers usually have no STS.
func usesSTS(s Settings) bool {
	return s.STSEndpointURL != "" || s.EndpointURL == ""
}

// checkConnection runs the checks; identity may be nil to skip STS. An STS
// failure after S3 answered gives the output together with the error.
func checkConnection(ctx context.Context, api bucketsLister, identity callerIdentifier,
	title string) (*Result, error) {
	page, err := api.ListBuckets(ctx, &s3.ListBucketsInput{MaxBuckets: aws.Int32(pageSize)})
	if err != nil {
		return nil, NewFailure(title, "", err)
	}
	out := map[string]any{
		"Reachable":   true,
		"BucketCount": float64(len(page.Buckets)),
		"IsTruncated": aws.ToString(page.ContinuationToken) != "",
		"Identity":    nil,
	}
	if identity == nil {
		return &Result{Output: out}, nil
	}
	who, err := identity.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return &Result{Output: out}, NewFailure(title, "", err)
	}
	out["Identity"] = map[string]any{
		"Account": aws.ToString(who.Account),
		"Arn":     aws.ToString(who.Arn),
		"UserId":  aws.ToString(who.UserId),
	}
	return &Result{Output: out}, nil
}
