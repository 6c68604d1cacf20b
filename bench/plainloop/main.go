// Command plainloop is the benchmark baseline for emptying a bucket: a
// plain aws-sdk-go-v2 loop that lists every version and delete marker and
// sends DeleteObjects batches of 1,000 from 8 goroutines, then deletes the
// bucket. It repeats the listing until the bucket is empty.
//
// Usage: plainloop ENDPOINT BUCKET (credentials from the AWS environment)
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"golang.org/x/sync/errgroup"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: plainloop ENDPOINT BUCKET")
		os.Exit(2)
	}
	if err := purge(context.Background(), os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func purge(ctx context.Context, endpoint, bucket string) error {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"))
	if err != nil {
		return err
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(endpoint)
		o.UsePathStyle = true
	})
	start := time.Now()
	passes := 0
	for {
		n, err := deletePass(ctx, client, bucket)
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
		passes++
	}
	if _, err := client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &bucket}); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "deleted %s after %d passes in %v\n", bucket, passes, time.Since(start))
	return nil
}

// deletePass lists every version once and deletes what it saw.
func deletePass(ctx context.Context, client *s3.Client, bucket string) (int, error) {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	total := 0
	pages := s3.NewListObjectVersionsPaginator(client, &s3.ListObjectVersionsInput{Bucket: &bucket})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return 0, err
		}
		var ids []types.ObjectIdentifier
		for _, v := range page.Versions {
			ids = append(ids, types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range page.DeleteMarkers {
			ids = append(ids, types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		total += len(ids)
		if len(ids) == 0 {
			continue
		}
		g.Go(func() error {
			_, err := client.DeleteObjects(gctx, &s3.DeleteObjectsInput{
				Bucket: &bucket, Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
			return err
		})
	}
	return total, g.Wait()
}
