// Package sandbox runs a rehearsal S3 endpoint on the loopback interface,
// so that playbooks can be tried without an AWS account.
//
// The endpoint is gofakes3 over its in-memory s3mem backend, with versioning.
// The sandbox adds what gofakes3 v1.2.0 lacks or gets wrong: aws-chunked
// request bodies, checksum verification, ListObjectVersions paging, bucket
// policies, public access blocks, the region a bucket was created in
// (GetBucketLocation), S3 error messages, and a minimal STS
// (AssumeRole, GetCallerIdentity) on the same endpoint. Everything is lost
// on Close.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

const (
	sandboxRegion    = "us-east-1"
	sandboxAccessKey = "S3PLAYSANDBOXKEY0001"
	sandboxSecretKey = "s3play-sandbox-secret-key-not-a-real-secret"
)

// Sandbox is a running S3-compatible endpoint on the loopback interface,
// seeded with demo data. Clients must use path-style addressing. Because
// the endpoint is plain HTTP, the SDK sends checksums in headers rather
// than aws-chunked trailers, so PutObject and UploadPart need a seekable
// body (an io.ReadSeeker) in both checksum modes.
type Sandbox struct {
	// Endpoint is the base URL for S3 and for STS, "http://127.0.0.1:PORT".
	Endpoint string
	// Region is the region the sandbox's clients should use. The sandbox
	// accepts requests signed for any region.
	Region string
	// AccessKey and SecretKey are the fixed static credentials of the
	// sandbox user. They are valid only against this sandbox.
	AccessKey string
	SecretKey string

	logger    *slog.Logger
	server    *http.Server
	serveErr  chan error
	closeOnce sync.Once
	closeErr  error
}

// Start listens on addr, serves the sandbox there and seeds the demo
// buckets that Buckets describes. The host of addr must be a loopback IP
// address or "localhost". Port 0 picks a free port, and an empty addr
// means "127.0.0.1:0". ctx bounds the start-up only.
func Start(ctx context.Context, addr string, opts ...Option) (*Sandbox, error) {
	listener, err := listenLoopback(ctx, addr)
	if err != nil {
		return nil, err
	}

	settings := startSettings{logger: slog.Default()}
	for _, opt := range opts {
		opt(&settings)
	}
	logger := settings.logger
	s := &Sandbox{
		logger:    logger,
		Endpoint:  "http://" + listener.Addr().String(),
		Region:    sandboxRegion,
		AccessKey: sandboxAccessKey,
		SecretKey: sandboxSecretKey,
		server: &http.Server{
			Handler:           newServer(sandboxAccessKey, logger),
			ReadHeaderTimeout: 10 * time.Second,
		},
		serveErr: make(chan error, 1),
	}
	go func() { s.serveErr <- s.server.Serve(listener) }()

	transport := &http.Transport{Proxy: nil}
	defer transport.CloseIdleConnections()
	if err := seed(ctx, newSeedClient(s.Endpoint, s.Credentials(), transport)); err != nil {
		return nil, errors.Join(fmt.Errorf("sandbox: %w", err), s.Close())
	}

	logger.Info("sandbox started", "endpoint", s.Endpoint)
	return s, nil
}

// Option changes how Start runs the sandbox.
type Option func(*startSettings)

type startSettings struct {
	logger *slog.Logger
}

// WithLogger sends the sandbox's start, stop and request log lines to
// logger instead of slog.Default, so a command decides what is shown.
func WithLogger(logger *slog.Logger) Option {
	return func(s *startSettings) {
		if logger != nil {
			s.logger = logger
		}
	}
}

// listenLoopback opens a TCP listener on addr after checking that its host
// is a loopback address. "localhost" becomes 127.0.0.1 rather than being
// resolved, because a hosts file could map it to another address.
func listenLoopback(ctx context.Context, addr string) (net.Listener, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: invalid listen address %q: %w", addr, err)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("sandbox: listen address %q is not a loopback address. "+
			"Use 127.0.0.1, ::1 or localhost", addr)
	}

	var config net.ListenConfig
	listener, err := config.Listen(ctx, "tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, fmt.Errorf("sandbox: listen on %s: %w", addr, err)
	}
	return listener, nil
}

// Close stops the sandbox at once, dropping open connections and all data.
// Calling Close again returns the first result.
func (s *Sandbox) Close() error {
	s.closeOnce.Do(func() {
		s.closeErr = s.server.Close()
		if err := <-s.serveErr; !errors.Is(err, http.ErrServerClosed) {
			s.closeErr = errors.Join(s.closeErr, err)
		}
		s.logger.Info("sandbox stopped", "endpoint", s.Endpoint)
	})
	return s.closeErr
}

// Credentials returns a provider of the sandbox user's static credentials.
func (s *Sandbox) Credentials() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, "")
}

// Buckets describes the demo buckets that Start seeded, in creation order.
// The counts describe the data as seeded and do not follow later changes.
func (s *Sandbox) Buckets() []DemoBucket {
	buckets := make([]DemoBucket, len(demoBuckets))
	for i, spec := range demoBuckets {
		buckets[i] = spec.summary()
	}
	return buckets
}
