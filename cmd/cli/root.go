// Package cli implements the s3play commands.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/s3play/s3play/actions"
)

// Output formats.
const (
	formatText = "text"
	formatJSON = "json"
)

// app holds the streams and global flags shared by every command.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	output         string
	conn           connectionFlags
	code           int // exit code set by a command that finished with a status

	state string // --state: folder of the run history
	// secrets are credential values replaced in all output and files.
	secrets []string
}

// connectionFlags are the command-line connection overrides. Empty
// strings and numeric flags that were not given leave the lower layers in
// place.
type connectionFlags struct {
	region, profile, endpointURL, stsEndpointURL, checksum string
	roleARN, roleSessionName                               string
	sessionDuration, maxAttempts                           int
	// sessionDurationSet and maxAttemptsSet separate a flag given as 0, which
	// is invalid, from a flag that was not given.
	sessionDurationSet, maxAttemptsSet bool
}

// Execute runs the command line and returns the process exit code.
func Execute(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "error: internal error: %v; this is a bug in s3play, please report it\n", p)
			code = ExitFailure
		}
	}()
	secrets := environmentSecrets()
	stdout, stderr = redacting(stdout, secrets), redacting(stderr, secrets)
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, secrets: secrets}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return exitCode(err)
	}
	return a.code
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "s3play",
		Short:         "Run declarative YAML playbooks against Amazon S3 and S3-compatible servers",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			// cobra checks required flags and flag groups after this hook
			// and returns a plain error, which would exit with 1. Checking
			// them here first makes a missing flag a usage error.
			if err := cmd.ValidateRequiredFlags(); err != nil {
				return usage(err)
			}
			if err := cmd.ValidateFlagGroups(); err != nil {
				return usage(err)
			}
			if a.output != formatText && a.output != formatJSON {
				return usage(fmt.Errorf("invalid --output %q: use text or json", a.output))
			}
			if cmd.Flags().Changed("state") && strings.TrimSpace(a.state) == "" {
				return usage(fmt.Errorf("invalid --state %q: give a folder, or leave the flag "+
					"out for the default folder", a.state))
			}
			a.conn.sessionDurationSet = cmd.Flags().Changed("session-duration")
			a.conn.maxAttemptsSet = cmd.Flags().Changed("max-attempts")
			return a.checkOverrides()
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		// pflag wraps a flag's own message in a generic one; a rangeFlag's
		// message already names the flag and the value.
		var rangeErr *flagRangeError
		if errors.As(err, &rangeErr) {
			return usage(rangeErr)
		}
		return usage(err)
	})
	f := root.PersistentFlags()
	f.StringVarP(&a.output, "output", "o", formatText, "output format: text or json")
	f.StringVar(&a.conn.region, "region", "", "AWS region (default: AWS_REGION, the profile, then us-east-1)")
	f.StringVar(&a.conn.profile, "profile", "", "named profile from the shared AWS config and credentials files")
	f.StringVar(&a.conn.endpointURL, "endpoint-url", "",
		"URL of an S3-compatible server; requests then use path-style addressing")
	f.StringVar(&a.conn.stsEndpointURL, "sts-endpoint-url", "", "URL of the STS endpoint used to assume roles")
	f.StringVar(&a.conn.checksum, "checksum", "",
		"request checksums: when_supported (SDK default) or when_required (older S3-compatible servers)")
	f.StringVar(&a.conn.roleARN, "role-arn", "", "ARN of an IAM role to assume for every step")
	f.StringVar(&a.conn.roleSessionName, "role-session-name", "",
		"role session name: 2 to 64 letters, digits and =,.@-_+ (default: s3play-RUN_ID)")
	f.Var(&rangeFlag{value: &a.conn.sessionDuration, name: "--session-duration",
		min: int(actions.MinSessionDuration.Seconds()), max: int(actions.MaxSessionDuration.Seconds()),
		unit:  " of seconds",
		unset: fmt.Sprintf("the default of %d", int(actions.DefaultSessionDuration.Seconds()))},
		"session-duration", "assumed-role session duration in seconds, 900 to 43200 (default 3600)")
	f.Var(&rangeFlag{value: &a.conn.maxAttempts, name: "--max-attempts",
		min: 1, max: actions.MaxAttemptsLimit,
		unset: fmt.Sprintf("AWS_MAX_ATTEMPTS or the default of %d", actions.DefaultMaxAttempts)},
		"max-attempts", "attempts per API call, including retries of throttling and transient errors, "+
			"1 to 20 (default: AWS_MAX_ATTEMPTS, then 5)")
	root.AddCommand(a.runCommand(), a.validateCommand(), a.actionsCommand(), a.sandboxCommand(),
		a.schemaCommand(), a.iamCommand())
	root.AddCommand(a.planCommand())
	a.addStateCommands(root)
	return root
}

// overrides returns the connection flags that were set.
func (a *app) overrides() actions.Overrides {
	var o actions.Overrides
	set := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	o.Region, o.Profile = set(a.conn.region), set(a.conn.profile)
	o.EndpointURL, o.STSEndpointURL = set(a.conn.endpointURL), set(a.conn.stsEndpointURL)
	o.Checksum = set(a.conn.checksum)
	o.RoleARN, o.RoleSessionName = set(a.conn.roleARN), set(a.conn.roleSessionName)
	if a.conn.sessionDurationSet {
		d := time.Duration(a.conn.sessionDuration) * time.Second
		o.SessionDuration = &d
	}
	if a.conn.maxAttemptsSet {
		o.MaxAttempts = &a.conn.maxAttempts
	}
	return o
}

// checkOverrides validates the connection flags before anything runs. The
// numeric flags are range-checked when they are parsed (see rangeFlag).
func (a *app) checkOverrides() error {
	if err := (actions.Settings{}).Apply(a.overrides()).Validate(); err != nil {
		return usage(fmt.Errorf("invalid connection flag: %w", err))
	}
	return nil
}

// checkProfile rejects a --profile that the shared AWS files do not
// define, before any step runs.
func (a *app) checkProfile(ctx context.Context) error {
	if a.conn.profile == "" {
		return nil
	}
	if err := actions.CheckProfile(ctx, a.conn.profile); err != nil {
		return usage(fmt.Errorf("invalid --profile: %w", err))
	}
	return nil
}

// envSettings reads the connection values the AWS environment variables set,
// the lowest layer of the connection.
func envSettings() (actions.Settings, error) {
	s := actions.Settings{
		Region:         firstEnv("AWS_REGION", "AWS_DEFAULT_REGION"),
		Profile:        os.Getenv("AWS_PROFILE"),
		EndpointURL:    firstEnv("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"),
		STSEndpointURL: firstEnv("AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"),
	}
	if v := os.Getenv("AWS_MAX_ATTEMPTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > actions.MaxAttemptsLimit {
			return s, usage(fmt.Errorf("invalid AWS_MAX_ATTEMPTS %q: use 1 to %d",
				v, actions.MaxAttemptsLimit))
		}
		s.MaxAttempts = n
	}
	return s, nil
}

func firstEnv(names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return ""
}
