package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/s3play/s3play/engine"
	"github.com/s3play/s3play/history"
)

// addStateCommands adds serve and history, and the --state flag to the
// commands that share the history: run, serve and history.
func (a *app) addStateCommands(root *cobra.Command) {
	root.AddCommand(a.serveCommand(), a.historyCommand())
	for _, name := range []string{"run", "serve", "history"} {
		cmd, _, err := root.Find([]string{name})
		if err != nil || cmd.Name() != name {
			continue
		}
		cmd.PersistentFlags().StringVar(&a.state, "state", "",
			"folder of the run history (default: $"+history.EnvState+
				", else $XDG_STATE_HOME/s3play, else ~/.local/state/s3play)")
	}
}

// openHistory opens the history in the --state folder or the default one,
// creating it unless existing is set. With existing, a folder without a
// history returns an error wrapping history.ErrNoHistory.
func (a *app) openHistory(ctx context.Context, existing bool) (*history.Store, error) {
	dir := a.state
	if dir == "" {
		var err error
		if dir, err = history.DefaultDir(); err != nil {
			return nil, err
		}
	}
	open := history.Open
	if existing {
		open = history.OpenExisting
	}
	store, err := open(ctx, dir)
	if err != nil {
		return nil, err
	}
	store.Secrets = envSecrets()
	return store, nil
}

// envSecrets returns the secret values of the AWS environment, which the
// history redacts wherever they appear.
func envSecrets() []string {
	var out []string
	for _, name := range []string{"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		if v := os.Getenv(name); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// runnerSecrets returns the secrets of credentials set on the runner's
// connector, which only the sandbox sets, so reading them makes no call.
func runnerSecrets(ctx context.Context, runner *engine.Runner) []string {
	if runner.Conn == nil || runner.Conn.Credentials == nil {
		return nil
	}
	creds, err := runner.Conn.Credentials.Retrieve(ctx)
	if err != nil {
		return nil
	}
	return []string{creds.SecretAccessKey, creds.SessionToken}
}

// saveHistory stores a finished run of `s3play run`. A failure does not
// change the run's exit code but is never silent: it is printed on stderr.
func (a *app) saveHistory(runner *engine.Runner, rec *engine.Record) {
	// The run's context may be canceled by a signal; the record of a
	// canceled run is still saved.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	store, err := a.openHistory(ctx, false)
	if err == nil {
		store.Secrets = append(store.Secrets, runnerSecrets(ctx, runner)...)
		err = store.SaveRun(ctx, history.CommandRun, rec)
		_ = store.Close()
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "warning: run %s was not saved to the history: %v\n", rec.RunID, err)
	}
}
