package actions

import (
	"context"
	"fmt"
)

// Plan reads the bucket's public access block configuration and compares
// it with the desired settings, as Run does, but sends no put. Settings
// that would not change are Skipped with the same reason as in Run; any
// other gives one change with the settings before and after.
func (a putBucketPublicAccessBlock) Plan(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	bucket := call.Params.String("bucket")
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}
	var api publicAccessGetter = client
	if _, created := call.Plan.CreatedRegion(bucket); created {
		api = newBucket{}
	}
	cmp, err := comparePublicAccess(ctx, api, bucket, desiredPublicAccess(call.Params))
	if err != nil {
		return nil, publicAccessFailure(title, bucket, err)
	}
	if cmp.unchanged() {
		return cmp.skipped(), nil
	}
	cmp.out["Changed"] = true
	change := Change{Kind: ChangePutPublicAccessBlock, Bucket: bucket,
		Before: cmp.out["Before"], After: cmp.out["After"], Diff: cmp.diff()}
	return &Result{Output: cmp.out, Changes: []Change{change}}, nil
}

// diff lists the settings that would change, as "- NAME: OLD" and
// "+ NAME: NEW" lines. A bucket without a configuration gets one line
// saying so and every new setting.
func (c *publicAccessComparison) diff() []string {
	names := []string{"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
		"RestrictPublicBuckets"}
	before, after := c.current.plain(), c.desired.plain()
	var lines []string
	if !c.configured {
		lines = append(lines, "- (no public access block configuration)")
	}
	for _, name := range names {
		if c.configured && before[name] == after[name] {
			continue
		}
		if c.configured {
			lines = append(lines, fmt.Sprintf("- %s: %v", name, before[name]))
		}
		lines = append(lines, fmt.Sprintf("+ %s: %v", name, after[name]))
	}
	return lines
}
