package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"
)

// scheduleParser accepts the standard five cron fields (minute, hour, day
// of month, month, day of week) and descriptors such as @hourly or
// @every 10m, with an optional CRON_TZ= or TZ= time zone prefix.
var scheduleParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month |
	cron.Dow | cron.Descriptor)

const scheduleHelp = "use five cron fields (minute hour day-of-month month day-of-week), " +
	"such as \"0 * * * *\", or a descriptor such as @hourly, @daily or @every 10m"

// ParseSchedule parses a playbook's schedule. Times without a CRON_TZ=
// prefix are in the local time zone of the process.
func ParseSchedule(expr string) (sched cron.Schedule, err error) {
	expr = strings.TrimSpace(expr)
	if err := checkScheduleShape(expr); err != nil {
		return nil, err
	}
	// robfig/cron v3.0.1 slices its input without bounds checks: a time
	// zone prefix followed by nothing panics. checkScheduleShape rejects
	// that case, and this turns any other such panic into an error.
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, fmt.Errorf("invalid schedule %q: %v", expr, r)
		}
	}()
	sched, err = scheduleParser.Parse(expr)
	if err != nil {
		return nil, fmt.Errorf("invalid schedule %q: %w; %s", expr, err, scheduleHelp)
	}
	return sched, nil
}

// checkScheduleShape rejects what robfig/cron would accept silently but
// change: it rounds @every durations to whole seconds and raises anything
// below one second to one second.
func checkScheduleShape(expr string) error {
	if expr == "" {
		return fmt.Errorf("the schedule is empty; %s", scheduleHelp)
	}
	tz, rest, hasTZ := strings.Cut(expr, " ")
	if (strings.HasPrefix(tz, "TZ=") || strings.HasPrefix(tz, "CRON_TZ=")) && hasTZ {
		expr = strings.TrimSpace(rest)
	} else if strings.HasPrefix(tz, "TZ=") || strings.HasPrefix(tz, "CRON_TZ=") {
		return fmt.Errorf("invalid schedule %q: the time zone must be followed by the "+
			"schedule, as in \"CRON_TZ=Europe/Berlin 0 3 * * *\"", expr)
	}
	text, ok := strings.CutPrefix(expr, "@every ")
	if !ok {
		return nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(text))
	if err != nil {
		return fmt.Errorf("invalid schedule %q: %q is not a duration such as 90s or 1h30m",
			expr, strings.TrimSpace(text))
	}
	if d < time.Second || d%time.Second != 0 {
		return fmt.Errorf("invalid schedule %q: @every needs a whole number of seconds, "+
			"at least 1s", expr)
	}
	return nil
}

// loadSchedule reads and checks the schedule so that a typo is reported
// with its position when the playbook loads, not when a server starts it.
func (l *loader) loadSchedule(n *yaml.Node) {
	before := len(l.errs)
	expr := l.str(n, "schedule")
	if len(l.errs) > before {
		return
	}
	if _, err := ParseSchedule(expr); err != nil {
		l.add(n.Line, n.Column, "%v", err)
		return
	}
	l.pb.Schedule = strings.TrimSpace(expr)
}
