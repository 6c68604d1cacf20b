package engine

import (
	"strings"
	"testing"
	"time"
)

func scheduledPlaybook(schedule string) string {
	return `name: scheduled
schedule: ` + schedule + `
steps:
  - id: buckets
    action: s3.list_buckets
`
}

func TestScheduleAccepted(t *testing.T) {
	for _, expr := range []string{
		`"@hourly"`, `"@every 2s"`, `"@every 1h30m"`, `"*/5 * * * *"`, `"0 3 * * mon-fri"`,
		`"CRON_TZ=UTC 0 3 * * *"`, `"@daily"`,
	} {
		pb := mustLoad(t, scheduledPlaybook(expr))
		if want := strings.Trim(expr, `"`); pb.Schedule != want {
			t.Errorf("schedule %s loaded as %q", expr, pb.Schedule)
		}
	}
}

func TestScheduleRejectedWithPosition(t *testing.T) {
	cases := map[string]string{
		`"@hourl"`:                    "unrecognized descriptor",
		`"* * *"`:                     "expected exactly 5 fields",
		`"61 * * * *"`:                "above maximum",
		`"@every 500ms"`:              "at least 1s",
		`"@every 1.5s"`:               "whole number of seconds",
		`"@every soon"`:               "not a duration",
		`"CRON_TZ=UTC"`:               "must be followed by the schedule",
		`"TZ=Nowhere/City 0 * * * *"`: "bad location",
		`""`:                          "empty",
		`[1, 2]`:                      "text value",
		`"* * * * * *"`:               "expected exactly 5 fields",
	}
	for expr, want := range cases {
		list := loadErrors(t, scheduledPlaybook(expr))
		if len(list) != 1 {
			t.Errorf("schedule %s: errors = %v, want one", expr, list)
			continue
		}
		if !strings.Contains(list[0].Message, want) {
			t.Errorf("schedule %s: message %q lacks %q", expr, list[0].Message, want)
		}
		if list[0].Pos.Line != 2 || list[0].Pos.Column != 11 {
			t.Errorf("schedule %s: position = %v, want line 2 column 11", expr, list[0].Pos)
		}
	}
}

func TestParseScheduleNext(t *testing.T) {
	sched, err := ParseSchedule("@every 2s")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	if next := sched.Next(start); !next.Equal(start.Add(2 * time.Second)) {
		t.Errorf("next of @every 2s after %v = %v", start, next)
	}
	hourly, err := ParseSchedule("CRON_TZ=UTC @hourly")
	if err != nil {
		t.Fatal(err)
	}
	if next := hourly.Next(start); !next.Equal(time.Date(2025, 1, 2, 4, 0, 0, 0, time.UTC)) {
		t.Errorf("next of @hourly after %v = %v", start, next)
	}
}
