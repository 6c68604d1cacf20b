package cli

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/s3play/s3play/actions"
	"github.com/s3play/s3play/history"
)

func (a *app) historyPruneCommand() *cobra.Command {
	var olderThan string
	var filter history.PruneFilter
	cmd := &cobra.Command{
		Use:   "prune --older-than AGE [--playbook NAME]",
		Short: "Delete the runs and skips that started longer ago than AGE",
		Long: "Delete the recorded runs and skipped runs that started longer ago than AGE, " +
			"such as 90d or 36h: those of `s3play run` and of `s3play serve`, of every " +
			"playbook or, with --playbook, of one. The history is never pruned otherwise, " +
			"except by `s3play serve --keep-history`, which deletes only the entries that " +
			"serve recorded.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			age, err := parseAge(olderThan)
			if err != nil {
				return usage(fmt.Errorf("invalid --older-than: %w", err))
			}
			if cmd.Flags().Changed("playbook") && filter.Playbook == "" {
				return usage(errors.New("invalid --playbook \"\": give a playbook name, " +
					"or leave the flag out to prune every playbook"))
			}
			return a.pruneHistory(cmd.Context(), age, filter)
		},
	}
	cmd.Flags().StringVar(&olderThan, "older-than", "",
		"age of the oldest entries to keep, in days (90d) or as a Go duration (36h)")
	cmd.Flags().StringVar(&filter.Playbook, "playbook", "",
		"delete only the entries of the playbook with this name")
	_ = cmd.MarkFlagRequired("older-than")
	return cmd
}

func (a *app) pruneHistory(ctx context.Context, age time.Duration, filter history.PruneFilter) error {
	store, err := a.openHistory(ctx, true)
	if errors.Is(err, history.ErrNoHistory) {
		fmt.Fprintln(a.stdout, err)
		return nil
	}
	if err != nil {
		return err
	}
	defer store.Close()
	cutoff := time.Now().Add(-age)
	n, err := store.Prune(ctx, cutoff, filter)
	if err != nil {
		return err
	}
	of := ""
	if filter.Playbook != "" {
		of = " of playbook " + filter.Playbook
	}
	fmt.Fprintf(a.stdout, "deleted %s%s that started before %s from %s\n",
		actions.CountNoun(n, "entry", "entries"), of,
		cutoff.UTC().Format(time.RFC3339), store.Path())
	return nil
}

// maxAgeDays is the largest whole number of days that fits a
// time.Duration (about 292 years).
const maxAgeDays = int64(math.MaxInt64 / int64(24*time.Hour))

// durationSyntax matches the text that time.ParseDuration accepts unless
// the value overflows, without a sign, so that an overflow is reported
// apart from a typing mistake.
var durationSyntax = regexp.MustCompile(`^\+?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$`)

// parseAge reads an age in whole days ("90d") or as a Go duration ("36h").
// It must be positive, so a mistyped value never deletes the whole history.
func parseAge(text string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(text, "d"); ok {
		return parseDays(text, days)
	}
	age, err := time.ParseDuration(text)
	if err != nil && durationSyntax.MatchString(text) {
		return 0, ageTooLarge(text)
	}
	if err != nil {
		return 0, fmt.Errorf("%q is neither a number of days (90d) nor a duration (36h)", text)
	}
	if age <= 0 {
		return 0, fmt.Errorf("%q is not a positive age", text)
	}
	return age, nil
}

// parseDays reads the number of days of the age text. The range is checked
// before multiplying, because a count beyond maxAgeDays, positive or
// negative, would wrap around.
func parseDays(text, days string) (time.Duration, error) {
	n, err := strconv.ParseInt(days, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange) && n > 0:
		return 0, ageTooLarge(text)
	case err != nil:
		return 0, fmt.Errorf("%q is not a whole number of days, such as 90d", text)
	case n > maxAgeDays:
		return 0, ageTooLarge(text)
	case n <= 0:
		return 0, fmt.Errorf("%q is not a positive age", text)
	}
	return time.Duration(n) * 24 * time.Hour, nil
}

func ageTooLarge(text string) error {
	return fmt.Errorf("%q is too large: the maximum is %dd", text, maxAgeDays)
}
