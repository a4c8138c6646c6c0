// Package config is the configuration of a powershare-relay home: one YAML
// file, <home>/config.yaml, in which every setting is documented and has a
// default that fits `make localnet`. Load refuses unknown keys and names the
// key of every error with the way to fix it; Write produces the commented
// file and never overwrites one.
package config

import (
	"path/filepath"
	"slices"
	"time"
)

// FileName is the name of the configuration file in a relay home.
const FileName = "config.yaml"

// Role is a part a relay plays in a Beckn network, as Beckn names it.
type Role string

// The Beckn roles. A subscriber id has exactly one of them in the registry
// (its type); a process may serve further roles under the same id (see
// Config.Roles).
const (
	RoleBAP Role = "BAP" // Beckn Application Platform: the buyer's side
	RoleBPP Role = "BPP" // Beckn Provider Platform: the seller's side
	RoleBG  Role = "BG"  // Beckn Gateway: multicasts searches to BPPs
)

// AllRoles lists the roles in the order they are documented.
var AllRoles = []Role{RoleBAP, RoleBPP, RoleBG}

// Config is a relay's configuration. The YAML keys are the snake_case names
// in the struct tags; docs.go documents each one.
type Config struct {
	// Subscriber is the participant this relay is in the Beckn registry.
	Subscriber Subscriber `yaml:"subscriber"`
	// Roles are the roles this process serves; empty means the subscriber's
	// type only. Load fills it in, so a loaded Config always lists them.
	Roles []Role `yaml:"roles"`
	// KeyFile is the Beckn key set (beckn.KeyFile), relative to the home.
	KeyFile string `yaml:"key_file"`
	// Listen is the HOST:PORT of the Beckn endpoints, /health and /metrics.
	Listen string `yaml:"listen"`
	// ClientListen is the HOST:PORT of the BAP's local client API; empty
	// turns it off.
	ClientListen string `yaml:"client_listen"`

	Chain   Chain   `yaml:"chain"`
	Store   Store   `yaml:"store"`
	Limits  Limits  `yaml:"limits"`
	Auth    Auth    `yaml:"auth"`
	Outbox  Outbox  `yaml:"outbox"`
	Gateway Gateway `yaml:"gateway"`
	// Application is the operator's own application behind the relay.
	Application Application `yaml:"application"`
	Log         Log         `yaml:"log"`
	Metrics     Metrics     `yaml:"metrics"`
}

// Subscriber is the relay's own registry entry, as MsgSubscribe registers it.
type Subscriber struct {
	ID      string `yaml:"id"`
	Type    Role   `yaml:"type"`
	URL     string `yaml:"url"`
	Domain  string `yaml:"domain"`
	Country string `yaml:"country"`
	City    string `yaml:"city"`
}

// Chain is how the relay reaches the PowerShare chain and signs its txs.
type Chain struct {
	GRPC             string        `yaml:"grpc"`
	RPC              string        `yaml:"rpc"`
	ChainID          string        `yaml:"chain_id"`
	GasPrices        string        `yaml:"gas_prices"`
	GasAdjustment    float64       `yaml:"gas_adjustment"`
	From             string        `yaml:"from"`
	KeyringBackend   string        `yaml:"keyring_backend"`
	KeyringDir       string        `yaml:"keyring_dir"`
	DialTimeout      time.Duration `yaml:"dial_timeout"`
	RequestTimeout   time.Duration `yaml:"request_timeout"`
	InclusionTimeout time.Duration `yaml:"inclusion_timeout"`
	InclusionPoll    time.Duration `yaml:"inclusion_poll"`
}

// Store is the relay's SQLite database.
type Store struct {
	Path string `yaml:"path"`
}

// Limits bound what the HTTP server accepts and how long it waits.
type Limits struct {
	MaxBodyBytes      int64         `yaml:"max_body_bytes"`
	MaxHeaderBytes    int           `yaml:"max_header_bytes"`
	ReadHeaderTimeout time.Duration `yaml:"read_header_timeout"`
	ReadTimeout       time.Duration `yaml:"read_timeout"`
	WriteTimeout      time.Duration `yaml:"write_timeout"`
	IdleTimeout       time.Duration `yaml:"idle_timeout"`
	ShutdownTimeout   time.Duration `yaml:"shutdown_timeout"`
}

// Auth are the signature settings (BECKN-006).
type Auth struct {
	Skew             time.Duration `yaml:"skew"`
	SignatureTTL     time.Duration `yaml:"signature_ttl"`
	RequirePQ        bool          `yaml:"require_pq"`
	RegistryCacheTTL time.Duration `yaml:"registry_cache_ttl"`
}

// Outbox is the delivery of callbacks and forwarded requests.
type Outbox struct {
	Poll        time.Duration `yaml:"poll"`
	Batch       int           `yaml:"batch"`
	Lease       time.Duration `yaml:"lease"`
	MaxAttempts int           `yaml:"max_attempts"`
	BaseBackoff time.Duration `yaml:"base_backoff"`
	MaxBackoff  time.Duration `yaml:"max_backoff"`
	Timeout     time.Duration `yaml:"timeout"`
}

// Gateway is the multicast of a BG.
type Gateway struct {
	ID            string        `yaml:"id"`
	MaxFanOut     int           `yaml:"max_fan_out"`
	TargetTimeout time.Duration `yaml:"target_timeout"`
}

// Application is where accepted messages go for the operator's application.
type Application struct {
	Webhook string `yaml:"webhook"`
}

// Log is the process log.
type Log struct {
	Level  string `yaml:"level"`
	Format string `yaml:"format"`
}

// Metrics is the Prometheus endpoint.
type Metrics struct {
	Enabled bool   `yaml:"enabled"`
	Listen  string `yaml:"listen"`
}

// Defaults that other packages and the docs refer to.
const (
	DefaultKeyFile   = "keys.json"
	DefaultDomain    = "deg:p2p-trading"
	DefaultChainID   = "powershare-local"
	DefaultGRPC      = "127.0.0.1:9090"
	DefaultRPC       = "http://127.0.0.1:26657"
	DefaultListen    = "127.0.0.1:8081"
	DefaultGasPrices = "0.001upwc"
)

// Default returns every setting at its default. The subscriber's id, type
// and url have none: init sets them, and Validate refuses a Config without.
// The chain settings fit `make localnet` (scripts/localnet.sh): gRPC on
// 9090, CometBFT RPC on 26657, chain id powershare-local and its minimum gas
// price of 0.001upwc.
func Default() Config {
	return Config{
		Subscriber:   Subscriber{Domain: DefaultDomain},
		KeyFile:      DefaultKeyFile,
		Listen:       DefaultListen,
		ClientListen: "127.0.0.1:8091",
		Chain: Chain{
			GRPC:             DefaultGRPC,
			RPC:              DefaultRPC,
			ChainID:          DefaultChainID,
			GasPrices:        DefaultGasPrices,
			GasAdjustment:    1.5,
			KeyringBackend:   "os",
			DialTimeout:      5 * time.Second,
			RequestTimeout:   10 * time.Second,
			InclusionTimeout: 30 * time.Second,
			InclusionPoll:    500 * time.Millisecond,
		},
		Store: Store{Path: "relay.db"},
		Limits: Limits{
			MaxBodyBytes:      1 << 20,
			MaxHeaderBytes:    64 << 10,
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       15 * time.Second,
			WriteTimeout:      15 * time.Second,
			IdleTimeout:       2 * time.Minute,
			ShutdownTimeout:   15 * time.Second,
		},
		Auth: Auth{
			Skew:             5 * time.Second,
			SignatureTTL:     time.Minute,
			RegistryCacheTTL: time.Minute,
		},
		Outbox: Outbox{
			Poll:        500 * time.Millisecond,
			Batch:       32,
			Lease:       30 * time.Second,
			MaxAttempts: 8,
			BaseBackoff: time.Second,
			MaxBackoff:  5 * time.Minute,
			Timeout:     10 * time.Second,
		},
		Gateway: Gateway{MaxFanOut: 32, TargetTimeout: 5 * time.Second},
		Log:     Log{Level: "info", Format: "json"},
		Metrics: Metrics{Enabled: true},
	}
}

// HasRole says whether the process serves role.
func (c Config) HasRole(role Role) bool {
	if len(c.Roles) == 0 {
		return c.Subscriber.Type == role
	}
	return slices.Contains(c.Roles, role)
}

// Resolve makes a path of the config absolute: a relative path is relative
// to the relay home, so that a home can be moved as a whole.
func Resolve(home, path string) string {
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(home, path)
}

// KeyFilePath is the key file's path for a relay home.
func (c Config) KeyFilePath(home string) string { return Resolve(home, c.KeyFile) }

// StorePath is the SQLite database's path for a relay home.
func (c Config) StorePath(home string) string { return Resolve(home, c.Store.Path) }

// KeyringDir is the keyring directory for a relay home: the home itself
// unless chain.keyring_dir says otherwise.
func (c Config) KeyringDir(home string) string {
	if c.Chain.KeyringDir == "" {
		return home
	}
	return Resolve(home, c.Chain.KeyringDir)
}

// Path is the configuration file of a relay home.
func Path(home string) string { return filepath.Join(home, FileName) }
