package config_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/relay/config"
)

// valid is a complete configuration: the defaults and a BPP subscriber.
func valid() config.Config {
	cfg := config.Default()
	cfg.Subscriber.ID = "bpp.example.com"
	cfg.Subscriber.Type = config.RoleBPP
	cfg.Subscriber.URL = "http://127.0.0.1:8081/beckn"
	return cfg
}

// subscriberYAML is the smallest valid file: a subscriber, every other
// setting at its default.
const subscriberYAML = `subscriber:
  id: bpp.example.com
  type: BPP
  url: http://127.0.0.1:8081/beckn
`

// errorKeys lists the keys an error names, in order.
func errorKeys(t *testing.T, err error) []string {
	t.Helper()
	var list *config.Errors
	require.ErrorAs(t, err, &list)
	keys := make([]string, len(list.List))
	for i, e := range list.List {
		var fe *config.Error
		require.ErrorAs(t, e, &fe)
		keys[i] = fe.Key
	}
	return keys
}

func TestDefaultsAreValidOnceTheSubscriberIsSet(t *testing.T) {
	require.NoError(t, valid().Validate())

	// The defaults alone lack only what init sets.
	err := config.Default().Validate()
	require.Equal(t, []string{"subscriber.id", "subscriber.type", "subscriber.url"}, errorKeys(t, err))
	require.Contains(t, err.Error(), "init --subscriber-id")
}

func TestDefaultsFitLocalnet(t *testing.T) {
	d := config.Default()
	// scripts/localnet.sh: gRPC 9090, RPC 26657, chain id powershare-local,
	// minimum gas price 0.001upwc (cmd/powershared/cmd/config.go).
	require.Equal(t, "127.0.0.1:9090", d.Chain.GRPC)
	require.Equal(t, "http://127.0.0.1:26657", d.Chain.RPC)
	require.Equal(t, "powershare-local", d.Chain.ChainID)
	require.Equal(t, "0.001upwc", d.Chain.GasPrices)
	require.Equal(t, "127.0.0.1:8081", d.Listen)
	require.Equal(t, int64(1<<20), d.Limits.MaxBodyBytes)
	require.Equal(t, 5*time.Second, d.Auth.Skew)
	require.Equal(t, time.Minute, d.Auth.RegistryCacheTTL)
	require.Equal(t, 32, d.Gateway.MaxFanOut)
}

func TestParseMinimalFileKeepsDefaults(t *testing.T) {
	cfg, err := config.Parse([]byte(subscriberYAML))
	require.NoError(t, err)
	want := valid()
	want.Roles = []config.Role{config.RoleBPP} // filled in from the type
	require.Equal(t, want, cfg)
}

func TestRenderParseRoundTrip(t *testing.T) {
	cfg := valid()
	cfg.Roles = []config.Role{config.RoleBAP, config.RoleBPP}
	cfg.Subscriber.Country, cfg.Subscriber.City = "IND", "std:080"
	cfg.Chain.ChainID = "12345" // a number-like string stays a string
	cfg.Chain.GasPrices = ""
	cfg.Chain.GasAdjustment = 2
	cfg.Chain.From = "relay"
	cfg.Chain.KeyringBackend = "test"
	cfg.Chain.KeyringDir = "/var/lib/chain"
	cfg.Limits.IdleTimeout = 45 * time.Minute
	cfg.Auth.RequirePQ = true
	cfg.Outbox.MaxBackoff = 90 * time.Minute
	cfg.Log = config.Log{Level: "debug", Format: "text"}
	cfg.Metrics = config.Metrics{Enabled: false, Listen: "127.0.0.1:9464"}

	bz, err := config.Render(cfg)
	require.NoError(t, err)
	got, err := config.Parse(bz)
	require.NoError(t, err, string(bz))
	require.Equal(t, cfg, got)
}

// leafKeys lists the dotted YAML keys of every setting of Config.
func leafKeys(prefix string, t reflect.Type) (sections, leaves []string) {
	for i := range t.NumField() {
		key, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if prefix != "" {
			key = prefix + "." + key
		}
		if t.Field(i).Type.Kind() == reflect.Struct && t.Field(i).Type != reflect.TypeFor[time.Duration]() {
			sections = append(sections, key)
			s, l := leafKeys(key, t.Field(i).Type)
			sections, leaves = append(sections, s...), append(leaves, l...)
			continue
		}
		leaves = append(leaves, key)
	}
	return sections, leaves
}

func TestEverySettingIsDocumentedWithItsDefault(t *testing.T) {
	bz, err := config.Render(valid())
	require.NoError(t, err)
	lines := strings.Split(string(bz), "\n")
	commentBefore := func(key string) []string {
		name := key[strings.LastIndex(key, ".")+1:]
		indent := strings.Repeat("  ", strings.Count(key, "."))
		for i, line := range lines {
			if strings.HasPrefix(line, indent+name+":") {
				var block []string
				for j := i - 1; j >= 0 && strings.HasPrefix(strings.TrimSpace(lines[j]), "#"); j-- {
					block = append([]string{strings.TrimSpace(lines[j])}, block...)
				}
				return block
			}
		}
		t.Fatalf("%s is not in the rendered file", key)
		return nil
	}

	sections, leaves := leafKeys("", reflect.TypeFor[config.Config]())
	for _, key := range sections {
		require.NotEmpty(t, commentBefore(key), "section %s has no documentation", key)
	}
	for _, key := range leaves {
		block := commentBefore(key)
		require.GreaterOrEqual(t, len(block), 2, "%s needs its documentation and its default", key)
		last := block[len(block)-1]
		require.True(t, strings.HasPrefix(last, "# Default:") || strings.HasPrefix(last, "# Required"),
			"%s: the comment ends with its default, got %q", key, last)
	}
	require.Contains(t, string(bz), "# Default: 127.0.0.1:9090.")
	require.Contains(t, string(bz), "# Default: 500ms.")
}

func TestParseRefusesWithTheKeyAndTheFix(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		key  string // the first key named
		want string // in its message
	}{
		{"unknown top-level key", subscriberYAML + "listn: 127.0.0.1:1\n", "listn", `did you mean "listen"`},
		{"unknown nested key", subscriberYAML + "chain:\n  grcp: 127.0.0.1:9090\n", "chain.grcp", `did you mean "grpc"`},
		{"dashes for underscores", subscriberYAML + "limits:\n  max-body-bytes: 10\n", "limits.max-body-bytes", `did you mean "max_body_bytes"`},
		{"unknown key without a near one", subscriberYAML + "tls: {}\n", "tls", "the settings here are: subscriber, roles"},
		{"duplicate key", subscriberYAML + "listen: 127.0.0.1:1\nlisten: 127.0.0.1:2\n", "listen", "set twice"},
		{"duration without unit", subscriberYAML + "chain:\n  dial_timeout: 5\n", "chain.dial_timeout", "such as 5s"},
		{"duration as a list", subscriberYAML + "auth:\n  skew: [1s]\n", "auth.skew", "expected a duration"},
		{"negative duration", subscriberYAML + "outbox:\n  poll: -1s\n", "outbox.poll", "out of range"},
		{"number expected", subscriberYAML + "outbox:\n  batch: many\n", "outbox.batch", "not a whole number"},
		{"float expected", subscriberYAML + "chain:\n  gas_adjustment: lots\n", "chain.gas_adjustment", "a number such as 1.5"},
		{"bool expected", subscriberYAML + "auth:\n  require_pq: perhaps\n", "auth.require_pq", "true or false"},
		{"section given a value", subscriberYAML + "chain: 5\n", "chain", "expected a mapping"},
		{"value given a mapping", subscriberYAML + "listen: {host: x}\n", "listen", "expected a single value"},
		{"no value", subscriberYAML + "listen:\n", "listen", `use "" for an empty string`},
		{"roles not a list", subscriberYAML + "roles: BPP\n", "roles", "expected a list such as [BPP]"},
		{"unknown role", subscriberYAML + "roles: [BPP, SELLER]\n", "roles[1]", "write BAP, BPP or BG"},
		{"role twice", subscriberYAML + "roles: [BPP, bpp]\n", "roles[1]", "listed twice"},
		{"roles without the type", subscriberYAML + "roles: [BAP]\n", "roles", "leaves out the subscriber's type BPP"},
		{"gateway with another role", "subscriber: {id: bg.example.com, type: BG, url: 'https://bg.example.com/beckn'}\nroles: [BG, BPP]\n", "roles", "runs alone"},
		{"buyer and seller registered as BAP", "subscriber: {id: bap.example.com, type: BAP, url: 'https://bap.example.com/beckn'}\nroles: [BAP, BPP]\n", "roles", "set subscriber.type: BPP"},
		{"no subscriber id", "subscriber: {type: BPP, url: 'https://bpp.example.com/beckn'}\n", "subscriber.id", "required"},
		{"upper-case subscriber id", "subscriber: {id: BPP.Example.com, type: BPP, url: 'https://bpp.example.com/beckn'}\n", "subscriber.id", "lower-case"},
		{"unknown type", "subscriber: {id: bpp.example.com, type: SELLER, url: 'https://bpp.example.com/beckn'}\n", "subscriber.type", "BAP, BPP or BG"},
		{"plain http off loopback", "subscriber: {id: bpp.example.com, type: BPP, url: 'http://bpp.example.com/beckn'}\n", "subscriber.url", "http only on localhost"},
		{"bad domain", subscriberYAML + "  domain: 'deg p2p'\n", "subscriber.domain", "e.g. deg:p2p-trading"},
		{"bad country", subscriberYAML + "  country: India\n", "subscriber.country", "such as IND"},
		{"listen without port", subscriberYAML + "listen: localhost\n", "listen", "not HOST:PORT"},
		{"port out of range", subscriberYAML + "listen: 127.0.0.1:70000\n", "listen", "1 to 65535"},
		{"grpc port 0", subscriberYAML + "chain:\n  grpc: 127.0.0.1:0\n", "chain.grpc", "1 to 65535"},
		{"client api on the main port", subscriberYAML + "client_listen: 127.0.0.1:8081\n", "client_listen", "its own port"},
		{"metrics on the main port", subscriberYAML + "metrics:\n  listen: 127.0.0.1:8081\n", "metrics.listen", "its own port"},
		{"rpc not a url", subscriberYAML + "chain:\n  rpc: 127.0.0.1:26657\n", "chain.rpc", "a url such as http://127.0.0.1:26657"},
		{"empty chain id", subscriberYAML + "chain:\n  chain_id: ''\n", "chain.chain_id", "powershared status"},
		{"bad gas price", subscriberYAML + "chain:\n  gas_prices: cheap\n", "chain.gas_prices", "e.g. 0.001upwc"},
		{"gas adjustment below 1", subscriberYAML + "chain:\n  gas_adjustment: 0.5\n", "chain.gas_adjustment", "from 1 to 10"},
		{"unknown keyring backend", subscriberYAML + "chain:\n  keyring_backend: vault\n", "chain.keyring_backend", "os, file, kwallet, pass, test, memory"},
		{"poll not below timeout", subscriberYAML + "chain:\n  inclusion_poll: 30s\n", "chain.inclusion_poll", "not shorter than chain.inclusion_timeout"},
		{"body limit too large", subscriberYAML + "limits:\n  max_body_bytes: 1000000000\n", "limits.max_body_bytes", "out of range"},
		{"header timeout above read timeout", subscriberYAML + "limits:\n  read_header_timeout: 1m\n", "limits.read_header_timeout", "shorten it"},
		{"backoff upside down", subscriberYAML + "outbox:\n  base_backoff: 10m\n", "outbox.max_backoff", "at least as long"},
		{"lease shorter than a delivery", subscriberYAML + "outbox:\n  lease: 5s\n", "outbox.lease", "make the lease longer"},
		{"fan-out zero", subscriberYAML + "gateway:\n  max_fan_out: 0\n", "gateway.max_fan_out", "1 to 1024"},
		{"log level", subscriberYAML + "log:\n  level: verbose\n", "log.level", "debug, info, warn, error"},
		{"log format", subscriberYAML + "log:\n  format: xml\n", "log.format", "json or text"},
		{"top level a list", "- a\n- b\n", "(top level)", "expected a mapping"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse([]byte(tc.yaml))
			require.Error(t, err)
			keys := errorKeys(t, err)
			require.Equal(t, tc.key, keys[0], err.Error())
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestParseRefusesWhatIsNotOneYAMLDocument(t *testing.T) {
	for name, text := range map[string]string{
		"empty":         "",
		"two documents": subscriberYAML + "---\n" + subscriberYAML,
		"not YAML":      "subscriber: [\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := config.Parse([]byte(text))
			require.Error(t, err)
		})
	}
}

func TestParseReportsEveryProblemWithItsLine(t *testing.T) {
	text := subscriberYAML + "listen: nowhere\nlog:\n  level: loud\n  format: xml\n"
	_, err := config.Parse([]byte(text))
	require.Equal(t, []string{"listen", "log.level", "log.format"}, errorKeys(t, err))
	var fe *config.Error
	require.ErrorAs(t, err, &fe)
	require.Equal(t, 5, fe.Line)
	require.Contains(t, err.Error(), "listen (line 5):")
	require.Contains(t, err.Error(), "log.level (line 7):")
}

func TestRolesAreNormalised(t *testing.T) {
	cfg, err := config.Parse([]byte("subscriber: {id: bpp.example.com, type: bpp, url: 'https://bpp.example.com/beckn'}\nroles: [bap, BPP]\n"))
	require.NoError(t, err)
	require.Equal(t, config.RoleBPP, cfg.Subscriber.Type)
	require.Equal(t, []config.Role{config.RoleBAP, config.RoleBPP}, cfg.Roles)
	require.True(t, cfg.HasRole(config.RoleBAP))
	require.True(t, cfg.HasRole(config.RoleBPP))
	require.False(t, cfg.HasRole(config.RoleBG))

	// Without roles, the type is the role, even before Load fills them in.
	bg := valid()
	bg.Subscriber.Type = config.RoleBG
	require.True(t, bg.HasRole(config.RoleBG))
	require.False(t, bg.HasRole(config.RoleBPP))

	r, err := config.ParseRole(" bg ")
	require.NoError(t, err)
	require.Equal(t, config.RoleBG, r)
	_, err = config.ParseRole("gateway")
	require.Error(t, err)
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	_, err := config.Load(filepath.Join(dir, "missing.yaml"))
	require.ErrorContains(t, err, "powershare-relay init")

	path := filepath.Join(dir, "config.yaml")
	require.NoError(t, os.WriteFile(path, []byte(subscriberYAML+"chain:\n  grpc: nowhere\n"), 0o600))
	_, err = config.Load(path)
	require.ErrorContains(t, err, path)
	require.ErrorContains(t, err, "chain.grpc (line 6)")

	huge := filepath.Join(dir, "huge.yaml")
	require.NoError(t, os.WriteFile(huge, bytes.Repeat([]byte("#\n"), 1<<20), 0o600))
	_, err = config.Load(huge)
	require.ErrorContains(t, err, "larger than")
}

func TestWriteNeverOverwrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), config.FileName)
	require.NoError(t, config.Write(path, valid()))
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o644), info.Mode().Perm())
	first, err := os.ReadFile(path)
	require.NoError(t, err)

	other := valid()
	other.Listen = "127.0.0.1:9999"
	err = config.Write(path, other)
	require.ErrorContains(t, err, "already exists: not overwriting it")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, first, after)

	loaded, err := config.Load(path)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:8081", loaded.Listen)
}

func TestWriteRefusesAnInvalidConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), config.FileName)
	cfg := valid()
	cfg.Listen = "nowhere"
	require.ErrorContains(t, config.Write(path, cfg), "listen:")
	_, err := os.Stat(path)
	require.True(t, errors.Is(err, os.ErrNotExist))
}

func TestOverrides(t *testing.T) {
	cfg, err := config.Overrides{Listen: "0.0.0.0:9000", GRPC: "node.example.com:9090", RPC: "https://node.example.com:443"}.Apply(valid())
	require.NoError(t, err)
	require.Equal(t, "0.0.0.0:9000", cfg.Listen)
	require.Equal(t, "node.example.com:9090", cfg.Chain.GRPC)
	require.Equal(t, "https://node.example.com:443", cfg.Chain.RPC)

	// Empty overrides keep the file's values.
	kept, err := config.Overrides{}.Apply(valid())
	require.NoError(t, err)
	require.Equal(t, valid(), kept)

	_, err = config.Overrides{GRPC: "no-port"}.Apply(valid())
	require.Equal(t, []string{"--grpc (chain.grpc)"}, errorKeys(t, err))
	_, err = config.Overrides{RPC: "::"}.Apply(valid())
	require.ErrorContains(t, err, "--rpc (chain.rpc)")
	_, err = config.Overrides{Listen: "127.0.0.1:8091"}.Apply(valid())
	require.ErrorContains(t, err, "client_listen") // now clashes with the client API
}

func TestPaths(t *testing.T) {
	cfg := valid()
	require.Equal(t, "/home/r/keys.json", cfg.KeyFilePath("/home/r"))
	require.Equal(t, "/home/r/relay.db", cfg.StorePath("/home/r"))
	require.Equal(t, "/home/r", cfg.KeyringDir("/home/r"))
	require.Equal(t, "/home/r/config.yaml", config.Path("/home/r"))
	cfg.KeyFile, cfg.Store.Path, cfg.Chain.KeyringDir = "/etc/relay/keys.json", "data/relay.db", "../chain"
	require.Equal(t, "/etc/relay/keys.json", cfg.KeyFilePath("/home/r"))
	require.Equal(t, "/home/r/data/relay.db", cfg.StorePath("/home/r"))
	require.Equal(t, "/home/chain", cfg.KeyringDir("/home/r"))
}

func TestNewLogger(t *testing.T) {
	var buf bytes.Buffer
	log := config.NewLogger(&buf, config.Log{Level: "warn", Format: "json"})
	log.Info("hidden")
	log.Warn("shown", "k", 1)
	require.NotContains(t, buf.String(), "hidden")
	require.Contains(t, buf.String(), `"msg":"shown"`)

	buf.Reset()
	log = config.NewLogger(&buf, config.Log{Level: "debug", Format: "text"})
	log.Debug("detail")
	require.Contains(t, buf.String(), "level=DEBUG msg=detail")
}
