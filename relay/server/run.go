package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/auth"
	"github.com/powershare/powershare/relay/chain"
	"github.com/powershare/powershare/relay/config"
	"github.com/powershare/powershare/relay/outbox"
	"github.com/powershare/powershare/relay/registry"
	"github.com/powershare/powershare/relay/store"
)

// Running is a started relay: its addresses, and Wait for its end.
type Running struct {
	// NetworkAddr and ClientAddr are where the listeners are bound (the
	// resolved port when the config asked for port 0).
	NetworkAddr, ClientAddr string
	// Server is the relay's HTTP side, for tests that call it directly.
	Server *Server
	Cache  *registry.Cache
	Store  *store.Store

	done chan error
}

// Wait blocks until the relay has shut down and returns why it stopped.
func (r *Running) Wait() error { return <-r.done }

// Run serves the relay described by cfg from its home until ctx ends, then
// shuts down gracefully.
func Run(ctx context.Context, cfg config.Config, home string, log *slog.Logger) error {
	r, err := Start(ctx, cfg, home, log)
	if err != nil {
		return err
	}
	return r.Wait()
}

// Start opens the relay's store, keys and chain connection, binds its
// listeners and starts serving, the outbox worker and the registry watcher
// in the background; they stop when ctx ends. A failure before serving
// releases everything it opened.
func Start(ctx context.Context, cfg config.Config, home string, log *slog.Logger) (_ *Running, err error) {
	var closers []func()
	defer func() {
		if err != nil {
			for i := len(closers) - 1; i >= 0; i-- {
				closers[i]()
			}
		}
	}()
	kf, err := beckn.ReadKeyFile(cfg.KeyFilePath(home))
	if err != nil {
		return nil, fmt.Errorf("reading the key file: %w", err)
	}
	signer, err := auth.NewSigner(cfg.Subscriber.ID, kf, cfg.Auth.SignatureTTL)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, cfg.StorePath(home))
	if err != nil {
		return nil, fmt.Errorf("opening the store: %w", err)
	}
	closers = append(closers, func() { _ = st.Close() })
	dialCtx, cancel := context.WithTimeout(ctx, cfg.Chain.DialTimeout)
	conn, err := chain.Dial(dialCtx, cfg.Chain.GRPC)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("connecting to the chain's gRPC at %s (chain.grpc, --grpc): %w", cfg.Chain.GRPC, err)
	}
	closers = append(closers, func() { _ = conn.Close() })

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	cache := registry.NewCache(registry.NewChain(conn), cfg.Auth.RegistryCacheTTL, time.Now)
	if err := cache.RegisterMetrics(reg); err != nil {
		return nil, err
	}
	outboxMetrics, err := outbox.NewMetrics(reg)
	if err != nil {
		return nil, err
	}
	roles := make([]Role, 0, len(cfg.Roles))
	for _, r := range cfg.Roles {
		roles = append(roles, Role(r))
	}
	worker := &outbox.Worker{Store: st, Poll: cfg.Outbox.Poll, Batch: cfg.Outbox.Batch, Timeout: cfg.Outbox.Timeout,
		Lease: cfg.Outbox.Lease, MaxAttempts: cfg.Outbox.MaxAttempts, BaseBackoff: cfg.Outbox.BaseBackoff,
		MaxBackoff: cfg.Outbox.MaxBackoff, Log: log.With("component", "outbox"), Metrics: outboxMetrics}
	srv, err := New(Options{
		SubscriberID: cfg.Subscriber.ID, SubscriberURL: cfg.Subscriber.URL, Roles: roles, Domain: cfg.Subscriber.Domain,
		Store: st, Registry: cache, Signer: signer,
		Verifier: &auth.Verifier{Resolver: cache, Skew: cfg.Auth.Skew, RequirePQ: cfg.Auth.RequirePQ, Self: cfg.Subscriber.ID},
		Webhook:  cfg.Application.Webhook, GatewayID: cfg.Gateway.ID,
		MaxBodyBytes: cfg.Limits.MaxBodyBytes, MaxFanOut: cfg.Gateway.MaxFanOut, DefaultTTL: cfg.Auth.SignatureTTL,
		Kick: worker.Kick, Registerer: reg, Log: log,
	})
	if err != nil {
		return nil, err
	}
	// Redirects are not followed: a receiver's 3xx would make the relay post
	// a signed body (with the gateway's headers) to an address it chose.
	worker.Deliver = srv.Deliverer(&http.Client{Timeout: cfg.Outbox.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }})

	network := http.NewServeMux()
	network.Handle("/", srv.NetworkHandler())
	if cfg.Metrics.Enabled && cfg.Metrics.Listen == "" {
		network.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	}
	servers := []*http.Server{}
	r := &Running{Server: srv, Cache: cache, Store: st, done: make(chan error, 1)}
	listen := func(addr string, h http.Handler) (string, error) {
		ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
		if err != nil {
			return "", err
		}
		hs := &http.Server{Handler: h, ReadHeaderTimeout: cfg.Limits.ReadHeaderTimeout, ReadTimeout: cfg.Limits.ReadTimeout,
			WriteTimeout: cfg.Limits.WriteTimeout, IdleTimeout: cfg.Limits.IdleTimeout, MaxHeaderBytes: cfg.Limits.MaxHeaderBytes,
			ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
		servers = append(servers, hs)
		go func() {
			if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("listener failed", "addr", ln.Addr().String(), "err", err)
			}
		}()
		closers = append(closers, func() { _ = hs.Close() })
		return ln.Addr().String(), nil
	}
	if r.NetworkAddr, err = listen(cfg.Listen, network); err != nil {
		return nil, fmt.Errorf("listening for Beckn at %s (listen, --listen): %w", cfg.Listen, err)
	}
	if cfg.ClientListen != "" {
		if r.ClientAddr, err = listen(cfg.ClientListen, srv.ClientHandler()); err != nil {
			return nil, fmt.Errorf("listening for the client API at %s (client_listen): %w", cfg.ClientListen, err)
		}
	}
	if cfg.Metrics.Enabled && cfg.Metrics.Listen != "" {
		metricsMux := http.NewServeMux()
		metricsMux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
		if _, err = listen(cfg.Metrics.Listen, metricsMux); err != nil {
			return nil, fmt.Errorf("listening for metrics at %s (metrics.listen): %w", cfg.Metrics.Listen, err)
		}
	}

	var background sync.WaitGroup
	workerErr := make(chan error, 1)
	background.Go(func() { workerErr <- worker.Run(ctx) })
	background.Go(func() {
		if err := registry.Watch(ctx, cfg.Chain.RPC, cache, log.With("component", "registry-watch")); err != nil {
			log.Error("the registry watcher could not start; cached keys expire by registry_cache_ttl only", "err", err)
		}
	})
	log.Info("relay started", "subscriber_id", cfg.Subscriber.ID, "roles", cfg.Roles, "beckn", r.NetworkAddr,
		"client_api", r.ClientAddr, "url", cfg.Subscriber.URL)

	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.Limits.ShutdownTimeout)
		defer cancel()
		var errs []error
		for _, hs := range servers {
			if err := hs.Shutdown(shutdownCtx); err != nil {
				errs = append(errs, err)
			}
		}
		background.Wait()
		errs = append(errs, <-workerErr, st.Close(), conn.Close())
		log.Info("relay stopped")
		r.done <- errors.Join(errs...)
	}()
	return r, nil
}
