package cli

import (
	"bytes"
	"io"
	"os"
)

// minSecretLength keeps short values, which could match ordinary text,
// from being treated as secrets.
const minSecretLength = 8

// redactingWriter replaces secret values in everything written through
// it. Steps print object keys, inputs and error messages, and any of them
// could contain a credential, so the check is on the bytes that leave the
// process, not on field names.
type redactingWriter struct {
	w       io.Writer
	secrets [][]byte
}

// environmentSecrets returns the credential values in the environment.
func environmentSecrets() []string {
	var out []string
	for _, name := range []string{"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		if v := os.Getenv(name); len(v) >= minSecretLength {
			out = append(out, v)
		}
	}
	return out
}

// redacting wraps w, or returns it unchanged when there is nothing to hide.
func redacting(w io.Writer, secrets []string) io.Writer {
	r := &redactingWriter{w: w}
	for _, s := range secrets {
		if len(s) >= minSecretLength {
			r.secrets = append(r.secrets, []byte(s))
		}
	}
	if len(r.secrets) == 0 {
		return w
	}
	return r
}

func (r *redactingWriter) Write(p []byte) (int, error) {
	if _, err := r.w.Write(redactBytes(p, r.secrets)); err != nil {
		return 0, err
	}
	return len(p), nil
}

func redactBytes(p []byte, secrets [][]byte) []byte {
	for _, s := range secrets {
		if bytes.Contains(p, s) {
			p = bytes.ReplaceAll(p, s, []byte("[redacted]"))
		}
	}
	return p
}

// fileOf returns the file behind w, looking through a redactingWriter, so
// terminal checks still see the real stderr.
func fileOf(w io.Writer) (*os.File, bool) {
	if r, ok := w.(*redactingWriter); ok {
		w = r.w
	}
	f, ok := w.(*os.File)
	return f, ok
}
