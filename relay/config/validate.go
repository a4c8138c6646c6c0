package config

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	beckntypes "github.com/powershare/powershare/x/beckn/types"
)

// Validate checks every setting and returns all problems at once (*Errors,
// each an *Error naming its key), or nil.
func (c Config) Validate() error { return c.validate(nil) }

// validate is Validate with the lines of a loaded file for the messages.
func (c Config) validate(lines map[string]int) error {
	l := &errorList{lines: lines}
	c.validateSubscriber(l)
	if c.KeyFile == "" {
		l.add("key_file", "empty: name the key file, e.g. %s (written by init)", DefaultKeyFile)
	}
	checkHostPort(l, "listen", c.Listen, listenAddr)
	checkHostPort(l, "client_listen", c.ClientListen, listenAddr|optional)
	if c.ClientListen != "" && sameAddress(c.ClientListen, c.Listen) {
		l.add("client_listen", "the same address as listen: give the client API its own port, e.g. 127.0.0.1:8091")
	}
	c.Chain.validate(l)
	if c.Store.Path == "" {
		l.add("store.path", "empty: name the database file, e.g. relay.db")
	}
	c.Limits.validate(l)
	c.Auth.validate(l)
	c.Outbox.validate(l)
	c.Gateway.validate(l)
	if w := c.Application.Webhook; w != "" {
		if u, err := url.Parse(w); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			l.add("application.webhook", "%q is not an absolute http(s) url: give the application's endpoint, e.g. http://127.0.0.1:9000/beckn", w)
		}
	}
	c.Log.validate(l)
	checkHostPort(l, "metrics.listen", c.Metrics.Listen, listenAddr|optional)
	if c.Metrics.Listen != "" && (sameAddress(c.Metrics.Listen, c.Listen) || sameAddress(c.Metrics.Listen, c.ClientListen)) {
		l.add("metrics.listen", "the same address as another server: give metrics its own port, or leave it empty to serve /metrics on listen")
	}
	return l.err()
}

func (c Config) validateSubscriber(l *errorList) {
	s := c.Subscriber
	if s.ID == "" {
		l.add("subscriber.id", "required: the Beckn subscriber id, e.g. bpp.example.com (init --subscriber-id)")
	} else if err := beckntypes.ValidateSubscriberID(s.ID); err != nil {
		l.add("subscriber.id", "%q: use lower-case letters, digits and '-' in labels joined by '.', e.g. bpp.example.com", s.ID)
	}
	typeOK := false
	if s.Type == "" {
		l.add("subscriber.type", "required: BAP, BPP or BG (init --type)")
	} else if _, err := ParseRole(string(s.Type)); err != nil {
		l.add("subscriber.type", "%q: write BAP, BPP or BG", s.Type)
	} else {
		typeOK = true
	}
	if s.URL == "" {
		l.add("subscriber.url", "required: the base url of this relay's Beckn endpoints, e.g. https://bpp.example.com/beckn (init --url)")
	} else if err := beckntypes.ValidateURL(s.URL); err != nil {
		l.add("subscriber.url", "%q: an absolute https url without credentials, query or fragment (http only on localhost, 127.0.0.1 or ::1)", s.URL)
	}
	if err := beckntypes.ValidateDomain(s.Domain); err != nil {
		l.add("subscriber.domain", "%q: a Beckn domain of letters, digits, ':', '.', '_', '/' or '-', e.g. %s", s.Domain, DefaultDomain)
	}
	if err := beckntypes.ValidateLocation(s.Country, ""); err != nil {
		l.add("subscriber.country", "%q: an upper-case ISO 3166-1 code such as IND, or empty", s.Country)
	}
	if err := beckntypes.ValidateLocation("", s.City); err != nil {
		l.add("subscriber.city", "%q: a city code such as std:080, or empty", s.City)
	}
	if typeOK {
		validateRoles(l, s.Type, c.Roles)
	}
}

// validateRoles allows [BAP], [BPP], [BG] and [BAP, BPP] with type BPP; see
// the documentation of "roles" for why.
func validateRoles(l *errorList, typ Role, roles []Role) {
	if len(roles) == 0 {
		return // the subscriber's type alone
	}
	seen := map[Role]bool{}
	for i, r := range roles {
		key := fmt.Sprintf("roles[%d]", i)
		if _, err := ParseRole(string(r)); err != nil {
			l.add(key, "%q: write BAP, BPP or BG", r)
			return
		}
		if seen[r] {
			l.add(key, "%s is listed twice: list each role once", r)
			return
		}
		seen[r] = true
	}
	switch {
	case !seen[typ]:
		l.add("roles", "%v leaves out the subscriber's type %s: the process must serve the role it is registered as", roles, typ)
	case seen[RoleBG] && len(roles) > 1:
		l.add("roles", "%v: a gateway (BG) runs alone, as a neutral party; run the BAP or BPP as another relay with its own subscriber id", roles)
	case len(roles) > 1 && typ != RoleBPP:
		l.add("roles", "%v with subscriber.type %s: a relay that both buys and sells must be registered as BPP, so that gateways find its catalog; set subscriber.type: BPP", roles, typ)
	}
}

// ParseRole reads a role name, in any case.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToUpper(strings.TrimSpace(s)))
	if !slices.Contains(AllRoles, r) {
		return "", fmt.Errorf("role %q: BAP, BPP or BG", s)
	}
	return r, nil
}

var keyringBackends = []string{"os", "file", "kwallet", "pass", "test", "memory"}

func (c Chain) validate(l *errorList) {
	checkHostPort(l, "chain.grpc", c.GRPC, 0)
	if u, err := url.Parse(c.RPC); err != nil || u.Host == "" || !slices.Contains([]string{"http", "https", "tcp"}, u.Scheme) {
		l.add("chain.rpc", "%q: a url such as %s", c.RPC, DefaultRPC)
	}
	if c.ChainID == "" || len(c.ChainID) > 50 || strings.ContainsAny(c.ChainID, " \t\n") {
		l.add("chain.chain_id", "%q: the chain's id, 1 to 50 characters without spaces, e.g. %s ('powershared status' shows it)", c.ChainID, DefaultChainID)
	}
	if c.GasPrices != "" {
		if prices, err := sdk.ParseDecCoins(c.GasPrices); err != nil || prices.IsZero() {
			l.add("chain.gas_prices", "%q: an amount and denom per unit of gas, e.g. %s, or empty for no fee", c.GasPrices, DefaultGasPrices)
		}
	}
	if c.GasAdjustment < 1 || c.GasAdjustment > 10 {
		l.add("chain.gas_adjustment", "%g: a factor from 1 to 10, e.g. 1.5", c.GasAdjustment)
	}
	if c.From != "" && strings.TrimSpace(c.From) != c.From {
		l.add("chain.from", "%q has leading or trailing spaces: write the key's name as 'powershared keys list' shows it", c.From)
	}
	if !slices.Contains(keyringBackends, c.KeyringBackend) {
		l.add("chain.keyring_backend", "%q: one of %s", c.KeyringBackend, strings.Join(keyringBackends, ", "))
	}
	checkDuration(l, "chain.dial_timeout", c.DialTimeout, time.Millisecond, 10*time.Minute)
	checkDuration(l, "chain.request_timeout", c.RequestTimeout, time.Millisecond, 10*time.Minute)
	checkDuration(l, "chain.inclusion_timeout", c.InclusionTimeout, time.Second, time.Hour)
	checkDuration(l, "chain.inclusion_poll", c.InclusionPoll, 10*time.Millisecond, time.Minute)
	if c.InclusionPoll >= c.InclusionTimeout && c.InclusionTimeout > 0 {
		l.add("chain.inclusion_poll", "%s is not shorter than chain.inclusion_timeout (%s): poll several times per timeout, e.g. 500ms", c.InclusionPoll, c.InclusionTimeout)
	}
}

func (c Limits) validate(l *errorList) {
	checkRange(l, "limits.max_body_bytes", c.MaxBodyBytes, 1<<10, 64<<20, "bytes")
	checkRange(l, "limits.max_header_bytes", int64(c.MaxHeaderBytes), 4<<10, 1<<20, "bytes")
	checkDuration(l, "limits.read_header_timeout", c.ReadHeaderTimeout, time.Millisecond, 10*time.Minute)
	checkDuration(l, "limits.read_timeout", c.ReadTimeout, time.Millisecond, 10*time.Minute)
	checkDuration(l, "limits.write_timeout", c.WriteTimeout, time.Millisecond, 10*time.Minute)
	checkDuration(l, "limits.idle_timeout", c.IdleTimeout, time.Millisecond, time.Hour)
	checkDuration(l, "limits.shutdown_timeout", c.ShutdownTimeout, time.Millisecond, 10*time.Minute)
	if c.ReadHeaderTimeout > c.ReadTimeout {
		l.add("limits.read_header_timeout", "%s is longer than limits.read_timeout (%s), which covers the headers too: shorten it", c.ReadHeaderTimeout, c.ReadTimeout)
	}
}

func (c Auth) validate(l *errorList) {
	checkDuration(l, "auth.skew", c.Skew, 0, 5*time.Minute)
	checkDuration(l, "auth.signature_ttl", c.SignatureTTL, time.Second, time.Hour)
	checkDuration(l, "auth.registry_cache_ttl", c.RegistryCacheTTL, time.Second, time.Hour)
}

func (c Outbox) validate(l *errorList) {
	checkDuration(l, "outbox.poll", c.Poll, 10*time.Millisecond, time.Minute)
	checkRange(l, "outbox.batch", int64(c.Batch), 1, 1000, "deliveries")
	checkDuration(l, "outbox.lease", c.Lease, time.Second, time.Hour)
	checkRange(l, "outbox.max_attempts", int64(c.MaxAttempts), 1, 100, "attempts")
	checkDuration(l, "outbox.base_backoff", c.BaseBackoff, time.Millisecond, time.Hour)
	checkDuration(l, "outbox.max_backoff", c.MaxBackoff, time.Millisecond, 24*time.Hour)
	checkDuration(l, "outbox.timeout", c.Timeout, time.Millisecond, 10*time.Minute)
	if c.MaxBackoff < c.BaseBackoff {
		l.add("outbox.max_backoff", "%s is shorter than outbox.base_backoff (%s): make it at least as long", c.MaxBackoff, c.BaseBackoff)
	}
	if c.Lease <= c.Timeout && c.Timeout > 0 {
		l.add("outbox.lease", "%s is not longer than outbox.timeout (%s): a delivery still in flight would be claimed again; make the lease longer", c.Lease, c.Timeout)
	}
}

func (c Gateway) validate(l *errorList) {
	checkRange(l, "gateway.max_fan_out", int64(c.MaxFanOut), 1, 1024, "BPPs")
	if c.ID != "" && strings.ContainsAny(c.ID, " \t|") {
		l.add("gateway.id", "%q is not a subscriber id: use the gateway's id as registered, e.g. bg.example.com", c.ID)
	}
	checkDuration(l, "gateway.target_timeout", c.TargetTimeout, time.Millisecond, 10*time.Minute)
}

var (
	logLevels  = []string{"debug", "info", "warn", "error"}
	logFormats = []string{"json", "text"}
)

func (c Log) validate(l *errorList) {
	if !slices.Contains(logLevels, c.Level) {
		l.add("log.level", "%q: one of %s", c.Level, strings.Join(logLevels, ", "))
	}
	if !slices.Contains(logFormats, c.Format) {
		l.add("log.format", "%q: json or text", c.Format)
	}
}

// addrRule says what an address may be.
type addrRule int

const (
	optional   addrRule = 1 << iota // empty turns the server off
	listenAddr                      // port 0 picks a free port (tests)
)

// checkHostPort checks a HOST:PORT listen or dial address.
func checkHostPort(l *errorList, key, addr string, rule addrRule) {
	if addr == "" {
		if rule&optional == 0 {
			l.add(key, "empty: write HOST:PORT, e.g. 127.0.0.1:8081")
		}
		return
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		l.add(key, "%q is not HOST:PORT: write e.g. 127.0.0.1:8081 or [::1]:8081", addr)
		return
	}
	if strings.ContainsAny(host, " /") {
		l.add(key, "%q: the host %q is not a host name or IP address", addr, host)
		return
	}
	if p, err := strconv.ParseUint(port, 10, 16); err != nil || (p == 0 && rule&listenAddr == 0) {
		l.add(key, "%q: the port must be a number from 1 to 65535", addr)
	}
}

// sameAddress says whether two servers would claim the same address; port 0
// (a free port each) never clashes.
func sameAddress(a, b string) bool {
	_, port, err := net.SplitHostPort(a)
	return err == nil && port != "0" && a == b
}

func checkDuration(l *errorList, key string, d, lo, hi time.Duration) {
	if d < lo || d > hi {
		l.add(key, "%s is out of range: give a duration from %s to %s", formatDuration(d), formatDuration(lo), formatDuration(hi))
	}
}

func checkRange(l *errorList, key string, v, lo, hi int64, unit string) {
	if v < lo || v > hi {
		l.add(key, "%d is out of range: give %d to %d %s", v, lo, hi, unit)
	}
}
