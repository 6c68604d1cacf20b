package actions

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Plan reads the bucket's policy and compares it with the desired one, as
// Run does, but sends no put or delete. A policy that would not change is
// Skipped with the same reason as in Run. Any other policy gives one change
// with the policy before and after and the statements that differ.
func (a putBucketPolicy) Plan(ctx context.Context, call *Call) (*Result, error) {
	title := a.Spec().Title
	bucket := call.Params.String("bucket")
	desired, removed, err := desiredPolicy(call.Params)
	if err != nil {
		return nil, ValidationFailure(title, bucket, err)
	}
	client, err := call.Conn.S3(ctx, call.Settings)
	if err != nil {
		return nil, NewFailure(title, bucket, err)
	}
	var api policyGetter = client
	if _, created := call.Plan.CreatedRegion(bucket); created {
		api = newBucket{}
	}
	cmp, err := comparePolicy(ctx, api, bucket, desired, removed)
	if err != nil {
		return nil, failureFor(title, bucket, err)
	}
	if cmp.unchanged() {
		return cmp.skipped(), nil
	}

	change := Change{Kind: ChangePutBucketPolicy, Bucket: bucket, Before: cmp.out["Before"],
		After: cmp.out["After"], Diff: policyDiff(cmp.current, desired)}
	if desired == nil {
		change.Kind = ChangeDeleteBucketPolicy
		cmp.out["PolicyDeleted"] = true
	}
	cmp.out["Changed"] = true
	return &Result{Output: cmp.out, Changes: []Change{change}}, nil
}

// policyDiff lists how two policies differ: top-level fields other than
// Statement, then the statements only one side has, each as compact JSON.
// Lines start with "- " for the policy before and "+ " for the one after.
// A nil policy is no policy.
func policyDiff(before, after map[string]any) []string {
	before, after = normalizePolicy(before), normalizePolicy(after)
	var lines []string
	for _, field := range topLevelFields(before, after) {
		b, inBefore := before[field]
		a, inAfter := after[field]
		if inBefore && inAfter && canonicalJSON(b) == canonicalJSON(a) {
			continue
		}
		if inBefore {
			lines = append(lines, fmt.Sprintf("- %s: %s", field, canonicalJSON(b)))
		}
		if inAfter {
			lines = append(lines, fmt.Sprintf("+ %s: %s", field, canonicalJSON(a)))
		}
	}
	beforeStatements, afterStatements := statementTexts(before), statementTexts(after)
	for _, s := range without(beforeStatements, afterStatements) {
		lines = append(lines, "- Statement: "+s)
	}
	for _, s := range without(afterStatements, beforeStatements) {
		lines = append(lines, "+ Statement: "+s)
	}
	return lines
}

// topLevelFields returns the top-level fields of both policies but Statement,
// sorted.
func topLevelFields(policies ...map[string]any) []string {
	seen := map[string]bool{}
	var fields []string
	for _, p := range policies {
		for k := range p {
			if k != "Statement" && !seen[k] {
				seen[k] = true
				fields = append(fields, k)
			}
		}
	}
	sort.Strings(fields)
	return fields
}

func statementTexts(policy map[string]any) []string {
	list, _ := policy["Statement"].([]any)
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = canonicalJSON(s)
	}
	return out
}

// without returns the entries of a that b lacks, counting repeats, in the
// order of a.
func without(a, b []string) []string {
	left := map[string]int{}
	for _, s := range b {
		left[s]++
	}
	var out []string
	for _, s := range a {
		if left[s] > 0 {
			left[s]--
			continue
		}
		out = append(out, s)
	}
	return out
}

// canonicalJSON writes a plain value as compact JSON with sorted keys and
// without HTML escaping, like marshalPolicy.
func canonicalJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}
