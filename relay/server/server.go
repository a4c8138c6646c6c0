// Package server is the relay's HTTP side: the Beckn endpoints other
// participants call (under the subscriber url), the registry's /lookup, the
// local client API the operator's own application uses, /health and
// /metrics, and Run, which wires them to the store, the chain registry and
// the outbox.
package server

import (
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/powershare/powershare/relay/auth"
	"github.com/powershare/powershare/relay/registry"
	"github.com/powershare/powershare/relay/store"
)

// Role is a part a relay plays in a Beckn network.
type Role string

// The roles of Beckn's network participants.
const (
	RoleBAP Role = "BAP"
	RoleBPP Role = "BPP"
	RoleBG  Role = "BG"
)

// Options are what a Server needs; Run builds them from the config.
type Options struct {
	// SubscriberID and SubscriberURL are this relay's registry entry: the
	// Beckn endpoints are served under the url's path.
	SubscriberID  string
	SubscriberURL string
	Roles         []Role
	// Domain, when set, is the default context.domain of requests the
	// client API sends and the domain a gateway fans searches out in.
	Domain string

	Store    *store.Store
	Registry registry.Registry
	Verifier *auth.Verifier
	Signer   *auth.Signer

	// Webhook, when set, receives every accepted inbound message (raw body)
	// through the outbox: the operator's application behind the relay.
	Webhook string
	// GatewayID is the gateway a BAP sends searches without a bpp_id to;
	// empty means the first subscribed gateway of the domain in the registry.
	GatewayID string
	// MaxBodyBytes bounds an inbound body; larger ones are refused before
	// they are read.
	MaxBodyBytes int64
	// MaxFanOut bounds how many BPPs a gateway forwards one search to.
	MaxFanOut int
	// DefaultTTL is the ttl of outbound messages and the replay window of
	// inbound ones that state none.
	DefaultTTL time.Duration
	// DefaultVersion is the Beckn version of client requests that name none.
	DefaultVersion string
	// Kick wakes the outbox after an enqueue; nil is allowed.
	Kick func()

	Registerer prometheus.Registerer
	Log        *slog.Logger
	Now        func() time.Time
}

// Server serves the Beckn network side and the local client API.
type Server struct {
	opts     Options
	basePath string
	metrics  *metrics
	log      *slog.Logger
	now      func() time.Time
}

// New checks the options and builds a server.
func New(opts Options) (*Server, error) {
	u, err := url.Parse(opts.SubscriberURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errorf("subscriber url %q must be an absolute http(s) url", opts.SubscriberURL)
	}
	if opts.SubscriberID == "" || len(opts.Roles) == 0 || opts.Store == nil || opts.Registry == nil ||
		opts.Verifier == nil || opts.Signer == nil {
		return nil, errorf("subscriber id, roles, store, registry, verifier and signer are required")
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.MaxFanOut <= 0 {
		opts.MaxFanOut = 32
	}
	if opts.DefaultTTL <= 0 {
		opts.DefaultTTL = 30 * time.Second
	}
	if opts.DefaultVersion == "" {
		opts.DefaultVersion = "1.1.0"
	}
	if opts.Kick == nil {
		opts.Kick = func() {}
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Registerer == nil {
		opts.Registerer = prometheus.NewRegistry()
	}
	return &Server{
		opts:     opts,
		basePath: strings.TrimSuffix(u.Path, "/"),
		metrics:  newMetrics(opts.Registerer),
		log:      opts.Log,
		now:      opts.Now,
	}, nil
}

func (s *Server) has(r Role) bool { return slices.Contains(s.opts.Roles, r) }

// NetworkHandler serves what other Beckn participants call: POST
// <base>/<action> for every action and callback of both versions, POST
// /lookup, GET /health. Metrics are served by Run on the same listener.
func (s *Server) NetworkHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+s.basePath+"/{action}", s.handleBeckn)
	mux.Handle("POST /lookup", registry.LookupHandler(s.opts.Registry, s.log))
	if s.basePath != "" {
		mux.Handle("POST "+s.basePath+"/lookup", registry.LookupHandler(s.opts.Registry, s.log))
	}
	mux.HandleFunc("GET /health", s.handleHealth)
	return mux
}
