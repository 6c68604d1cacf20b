package actions

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Connector builds AWS clients from Settings and caches them, so every step
// that uses the same settings shares one client, one connection pool and
// one assumed-role session.
type Connector struct {
	// Credentials, when set, replace the default credential chain. The
	// sandbox uses this; real runs leave it nil.
	Credentials aws.CredentialsProvider

	mu      sync.Mutex
	configs map[Settings]*aws.Config
	s3      map[Settings]*s3.Client
}

// NewConnector returns an empty connector.
func NewConnector() *Connector {
	return &Connector{configs: map[Settings]*aws.Config{}, s3: map[Settings]*s3.Client{}}
}

// S3 returns the cached S3 client for the settings, building it on first use.
func (c *Connector) S3(ctx context.Context, s Settings) (*s3.Client, error) {
	s = s.WithDefaults()
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.s3[s]; ok {
		return cl, nil
	}
	cfg, err := c.configLocked(ctx, s)
	if err != nil {
		return nil, err
	}
	cl := s3.NewFromConfig(*cfg, func(o *s3.Options) {
		if s.EndpointURL != "" {
			o.BaseEndpoint = aws.String(s.EndpointURL)
			o.UsePathStyle = true
		}
	})
	c.s3[s] = cl
	return cl, nil
}

// STS returns an STS client for the base credentials of the settings.
func (c *Connector) STS(ctx context.Context, s Settings) (*sts.Client, error) {
	s = s.WithDefaults()
	c.mu.Lock()
	defer c.mu.Unlock()
	cfg, err := c.baseConfigLocked(ctx, s)
	if err != nil {
		return nil, err
	}
	return newSTSClient(*cfg, s), nil
}

func newSTSClient(cfg aws.Config, s Settings) *sts.Client {
	return sts.NewFromConfig(cfg, func(o *sts.Options) {
		if s.STSEndpointURL != "" {
			o.BaseEndpoint = aws.String(s.STSEndpointURL)
		}
	})
}

// configLocked returns the config with assumed-role credentials when a role
// is set. Sessions are cached by the full settings, which include the role,
// session name, duration and region.
func (c *Connector) configLocked(ctx context.Context, s Settings) (*aws.Config, error) {
	if cfg, ok := c.configs[s]; ok {
		return cfg, nil
	}
	base, err := c.baseConfigLocked(ctx, s)
	if err != nil {
		return nil, err
	}
	if s.RoleARN == "" {
		return base, nil
	}
	cfg := base.Copy()
	provider := stscreds.NewAssumeRoleProvider(newSTSClient(*base, s), s.RoleARN,
		func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = s.RoleSessionName
			o.Duration = s.SessionDuration
		})
	cfg.Credentials = aws.NewCredentialsCache(provider, func(o *aws.CredentialsCacheOptions) {
		// Refresh early so a long step never signs with expiring credentials.
		o.ExpiryWindow = expiryWindow(s.SessionDuration)
	})
	c.configs[s] = &cfg
	return &cfg, nil
}

// baseConfigLocked loads the shared config for the settings without a role.
func (c *Connector) baseConfigLocked(ctx context.Context, s Settings) (*aws.Config, error) {
	key := s
	key.RoleARN, key.RoleSessionName, key.SessionDuration = "", "", 0
	if cfg, ok := c.configs[key]; ok {
		return cfg, nil
	}
	cfg, err := loadConfig(ctx, key, c.Credentials)
	if err != nil {
		return nil, err
	}
	c.configs[key] = cfg
	return cfg, nil
}

func loadConfig(ctx context.Context, s Settings, creds aws.CredentialsProvider) (*aws.Config, error) {
	// The SDK's buildable client is kept so that AWS_CA_BUNDLE still applies:
	// the SDK cannot add a CA bundle to a transport it does not recognise.
	httpClient := awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.MaxIdleConnsPerHost = 64
	})
	opts := []func(*config.LoadOptions) error{
		config.WithRegion(s.Region),
		config.WithHTTPClient(httpClient),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = s.MaxAttempts
				// Throttling is retried with backoff, not rationed by a token
				// bucket that would turn a burst of 503s into failures.
				o.RateLimiter = ratelimit.None
			})
		}),
	}
	if s.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(s.Profile))
	}
	if creds != nil {
		opts = append(opts, config.WithCredentialsProvider(creds))
	}
	if s.Checksum == ChecksumWhenRequired {
		opts = append(opts,
			config.WithRequestChecksumCalculation(aws.RequestChecksumCalculationWhenRequired),
			config.WithResponseChecksumValidation(aws.ResponseChecksumValidationWhenRequired))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	cfg.APIOptions = append(cfg.APIOptions, addCallCounter)
	return &cfg, nil
}
