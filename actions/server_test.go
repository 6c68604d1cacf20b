package actions

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"golang.org/x/sync/errgroup"

	"github.com/s3play/s3play/internal/testserver"
)

// serverCall returns a call that reaches the versitygw test server through
// a Connector, as the engine builds it.
func serverCall(t *testing.T, params Params) (*Call, *testserver.Server) {
	t.Helper()
	srv := testserver.Versity(t)
	srv.SetEnv(t)
	call := &Call{Params: params, Settings: Settings{EndpointURL: srv.Endpoint},
		Conn: NewConnector()}
	return call, srv
}

// runAction runs a registered action the way the engine does.
func runAction(t *testing.T, call *Call, name string) (*Result, error) {
	t.Helper()
	a, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return a.Run(context.Background(), call)
}

// putKeys uploads a one-byte object under each key, 16 at a time.
func putKeys(t *testing.T, c *s3.Client, bucket string, keys []string) {
	t.Helper()
	var group errgroup.Group
	group.SetLimit(16)
	for _, key := range keys {
		group.Go(func() error {
			_, err := c.PutObject(context.Background(), &s3.PutObjectInput{
				Bucket: &bucket, Key: aws.String(key), Body: strings.NewReader("x")})
			return err
		})
	}
	if err := group.Wait(); err != nil {
		t.Fatalf("seed %s: %v", bucket, err)
	}
}

func numberedKeys(prefix string, n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("%s%05d", prefix, i)
	}
	return keys
}

func setVersioning(t *testing.T, c *s3.Client, bucket string, status types.BucketVersioningStatus) {
	t.Helper()
	_, err := c.PutBucketVersioning(context.Background(), &s3.PutBucketVersioningInput{
		Bucket:                  &bucket,
		VersioningConfiguration: &types.VersioningConfiguration{Status: status},
	})
	if err != nil {
		t.Fatalf("set versioning %s on %s: %v", status, bucket, err)
	}
}

// rawVersions counts every entry of a plain ListObjectVersions listing,
// repeats included.
func rawVersions(t *testing.T, c *s3.Client, bucket string) int {
	t.Helper()
	n := 0
	p := s3.NewListObjectVersionsPaginator(c, &s3.ListObjectVersionsInput{Bucket: &bucket})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("list versions of %s: %v", bucket, err)
		}
		n += len(page.Versions) + len(page.DeleteMarkers)
	}
	return n
}

func uploadCount(t *testing.T, c *s3.Client, bucket string) int {
	t.Helper()
	out, err := c.ListMultipartUploads(context.Background(),
		&s3.ListMultipartUploadsInput{Bucket: &bucket})
	if err != nil {
		t.Fatalf("list uploads of %s: %v", bucket, err)
	}
	return len(out.Uploads)
}

// withPageSize lowers the listing page size for one test.
func withPageSize(t *testing.T, n int32) {
	old := pageSize
	pageSize = n
	t.Cleanup(func() { pageSize = old })
}

// countingClient records the size of each DeleteObjects request that
// reaches the server.
type countingClient struct {
	*s3.Client
	mu      sync.Mutex
	batches []int
}

func (c *countingClient) DeleteObjects(ctx context.Context, in *s3.DeleteObjectsInput,
	opts ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error) {
	c.mu.Lock()
	c.batches = append(c.batches, len(in.Delete.Objects))
	c.mu.Unlock()
	return c.Client.DeleteObjects(ctx, in, opts...)
}
