package actions

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Connector builds AWS clients from Settings and caches them, so every step
// that uses the same settings shares one client and one connection pool,
// and every step that assumes the same role shares one session.
type Connector struct {
	// Credentials, when set, replace the default credential chain. The
	// sandbox uses this; real runs leave it nil.
	Credentials aws.CredentialsProvider
	// MaxBackoff caps the wait between two attempts of a call. Zero keeps
	// the SDK's default of 20 seconds; tests shorten it.
	MaxBackoff time.Duration
	// ResponseTimeout bounds the wait for a response's headers, so a server
	// that accepts a connection and never replies fails the attempt (which
	// is then retried) instead of hanging the run. Zero means
	// DefaultResponseTimeout; tests shorten it.
	ResponseTimeout time.Duration

	mu       sync.Mutex
	configs  map[configKey]*aws.Config
	sessions map[sessionKey]aws.CredentialsProvider
	s3       map[Settings]*s3.Client
	// sessionName is the role session name used when the settings have
	// none, generated once so that every step shares one session.
	sessionName string
}

// configKey selects a loaded AWS config: the base credentials and region,
// before any role is assumed.
type configKey struct {
	profile string
	region  string // as set; empty takes the AWS config's region
}

// sessionKey selects an assumed-role session. Steps that differ only in
// retry or checksum settings share the session.
type sessionKey struct {
	base        configKey
	stsEndpoint string
	roleARN     string
	sessionName string
	duration    time.Duration
}

// NewConnector returns an empty connector.
func NewConnector() *Connector {
	return &Connector{
		configs:     map[configKey]*aws.Config{},
		sessions:    map[sessionKey]aws.CredentialsProvider{},
		s3:          map[Settings]*s3.Client{},
		sessionName: SessionNameFor(time.Now().UTC().Format("20060102T150405Z")),
	}
}

// S3 returns the cached S3 client for the settings, building it on first use.
func (c *Connector) S3(ctx context.Context, s Settings) (*s3.Client, error) {
	s = c.complete(s)
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.s3[s]; ok {
		return cl, nil
	}
	cfg, err := c.configLocked(ctx, configKey{s.Profile, s.Region})
	if err != nil {
		return nil, err
	}
	creds := c.credentialsLocked(cfg, s)
	regions := &regionCache{}
	cl := s3.NewFromConfig(*cfg, func(o *s3.Options) {
		o.Credentials = creds
		o.Retryer = newRetryer(s.MaxAttempts, c.MaxBackoff)
		o.APIOptions = append(o.APIOptions, addReadOnlyGuard, addHeadErrorMessage,
			addRegionRedirect(regions))
		o.EndpointResolverV2 = regionResolver{base: s3.NewDefaultEndpointResolverV2(),
			cache: regions}
		// Zero stops AWS_MAX_ATTEMPTS from wrapping the retryer: the
		// environment is only the lowest layer of max_attempts.
		o.RetryMaxAttempts = 0
		if s.EndpointURL != "" {
			o.BaseEndpoint = aws.String(s.EndpointURL)
			o.UsePathStyle = true
		}
		if s.Checksum == ChecksumWhenRequired {
			o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
			o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		}
	})
	c.s3[s] = cl
	return cl, nil
}

// STS returns an STS client that signs with the settings' credentials:
// those of the assumed role when a role is set.
func (c *Connector) STS(ctx context.Context, s Settings) (*sts.Client, error) {
	s = c.complete(s)
	c.mu.Lock()
	defer c.mu.Unlock()
	cfg, err := c.configLocked(ctx, configKey{s.Profile, s.Region})
	if err != nil {
		return nil, err
	}
	client := c.newSTSClient(*cfg, s)
	if s.RoleARN == "" {
		return client, nil
	}
	creds := c.credentialsLocked(cfg, s)
	return sts.New(client.Options(), func(o *sts.Options) { o.Credentials = creds }), nil
}

// Region returns the region that requests with the settings are signed
// for: the settings' region, else the AWS config's, else DefaultRegion.
func (c *Connector) Region(ctx context.Context, s Settings) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cfg, err := c.configLocked(ctx, configKey{s.Profile, s.Region})
	if err != nil {
		return "", err
	}
	return cfg.Region, nil
}

// S3Endpoint returns the base endpoint that S3 requests with the settings
// are sent to. That is the settings' endpoint URL when set, else the one
// the SDK takes from the loaded AWS config (AWS_ENDPOINT_URL_S3,
// AWS_ENDPOINT_URL, or the profile's endpoint_url or services section).
// It returns "" when requests go to the AWS endpoint of the region.
func (c *Connector) S3Endpoint(ctx context.Context, s Settings) (string, error) {
	client, err := c.S3(ctx, s)
	if err != nil {
		return "", err
	}
	return aws.ToString(client.Options().BaseEndpoint), nil
}

// complete fills the defaults and, when a role is set without a session
// name, the connector's generated name.
func (c *Connector) complete(s Settings) Settings {
	s = s.WithDefaults()
	if s.RoleARN != "" && s.RoleSessionName == "" {
		s.RoleSessionName = c.sessionName
	}
	return s
}

func (c *Connector) newSTSClient(cfg aws.Config, s Settings) *sts.Client {
	return sts.NewFromConfig(cfg, func(o *sts.Options) {
		o.Retryer = newRetryer(s.MaxAttempts, c.MaxBackoff)
		o.RetryMaxAttempts = 0
		if s.STSEndpointURL != "" {
			o.BaseEndpoint = aws.String(s.STSEndpointURL)
		}
	})
}

// configLocked returns the cached AWS config for key, loading it on first
// use. Loading reads the environment and the shared files and makes no
// network call. The caller holds c.mu.
func (c *Connector) configLocked(ctx context.Context, key configKey) (*aws.Config, error) {
	if cfg, ok := c.configs[key]; ok {
		return cfg, nil
	}
	cfg, err := loadConfig(ctx, key, c.Credentials, c.ResponseTimeout)
	if err != nil {
		return nil, err
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	c.configs[key] = cfg
	return cfg, nil
}

// DefaultResponseTimeout is how long a request waits for response headers.
// S3 starts the response of a large CopyObject early and keeps it alive,
// so two minutes is generous for every call s3play makes.
const DefaultResponseTimeout = 2 * time.Minute

func loadConfig(ctx context.Context, key configKey, creds aws.CredentialsProvider,
	responseTimeout time.Duration) (*aws.Config, error) {
	if responseTimeout <= 0 {
		responseTimeout = DefaultResponseTimeout
	}
	// The SDK's buildable client is kept so that AWS_CA_BUNDLE still applies:
	// the SDK cannot add a CA bundle to a transport it does not recognise.
	httpClient := awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.MaxIdleConnsPerHost = 64
		t.ResponseHeaderTimeout = responseTimeout
	})
	opts := []func(*config.LoadOptions) error{
		config.WithHTTPClient(httpClient),
		// The credential chain's own calls (SSO, web identity) retry with
		// the same classifier as every other call.
		config.WithRetryer(func() aws.Retryer { return newRetryer(DefaultMaxAttempts, 0) }),
	}
	if key.region != "" {
		opts = append(opts, config.WithRegion(key.region))
	}
	if key.profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(key.profile))
	}
	if creds != nil {
		opts = append(opts, config.WithCredentialsProvider(creds))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", profileError(err))
	}
	cfg.APIOptions = append(cfg.APIOptions, addCallCounter)
	return &cfg, nil
}
