// Package loadtest sends signed Beckn requests to a relay as fast as it
// takes them and measures what it sustains: the operator's way to size a
// node (`powershare-relay bench`) and the body of the relay's Go benchmark.
package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/powershare/powershare/relay/auth"
	"github.com/powershare/powershare/relay/wire"
	"github.com/powershare/powershare/relay/wire/wiretest"
)

// Config says what to send, to whom and how hard.
type Config struct {
	// Endpoint is the receiver's subscriber url; requests go to
	// <Endpoint>/<Action>.
	Endpoint string
	// Action is the request sent (default confirm, the largest of a flow).
	Action string
	// Version is context.version (default 1.1.0).
	Version string
	// Requests in all, and how many are in flight at once.
	Requests    int
	Concurrency int
	// Signer signs as the BAP; CoSign adds the ML-DSA-65 co-signature.
	Signer *auth.Signer
	CoSign bool
	// The context's parties: the sender (BAP) and the receiver (BPP).
	BapID, BapURI, BppID, BppURI, Domain string
	// Timeout bounds each request (default 10 s).
	Timeout time.Duration
	Client  *http.Client
	// Progress, when set, gets a progress line about every Every requests.
	Progress io.Writer
	Every    int
}

// Result is what a run measured.
type Result struct {
	Requests int            `json:"requests"`
	Acked    int            `json:"acked"`
	Refused  map[string]int `json:"refused"`
	Elapsed  time.Duration  `json:"elapsed_ns"`
	Rate     float64        `json:"requests_per_second"`
	P50      time.Duration  `json:"p50_ns"`
	P90      time.Duration  `json:"p90_ns"`
	P99      time.Duration  `json:"p99_ns"`
	Max      time.Duration  `json:"max_ns"`
	BodySize int            `json:"body_bytes"`
}

// Errors is the number of requests that were not acknowledged.
func (r Result) Errors() int { return r.Requests - r.Acked }

// String is the summary an operator reads.
func (r Result) String() string {
	var refused []string
	for _, reason := range sortedKeys(r.Refused) {
		refused = append(refused, fmt.Sprintf("%s=%d", reason, r.Refused[reason]))
	}
	return fmt.Sprintf("%d requests of %d bytes in %s: %.0f/s, %d acked, %d refused %v; latency p50 %s p90 %s p99 %s max %s",
		r.Requests, r.BodySize, r.Elapsed.Round(time.Millisecond), r.Rate, r.Acked, r.Errors(), refused,
		r.P50.Round(time.Microsecond), r.P90.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.Max.Round(time.Microsecond))
}

// Run sends cfg.Requests requests, each with a fresh message id and a
// fresh signature, and waits for every ACK or NACK.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if err := cfg.fill(); err != nil {
		return Result{}, err
	}
	d, _ := wire.DialectOf(cfg.Version)
	message := wiretest.Payload(d, cfg.Action)
	var (
		next      atomic.Int64
		done      atomic.Int64
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, cfg.Requests)
		refused   = map[string]int{}
		acked     int
		bodySize  atomic.Int64
		wg        sync.WaitGroup
	)
	start := time.Now()
	for range cfg.Concurrency {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := next.Add(1)
				if i > int64(cfg.Requests) {
					return
				}
				body, err := cfg.body(d, message)
				if err != nil {
					mu.Lock()
					refused["build: "+err.Error()]++
					mu.Unlock()
					continue
				}
				bodySize.Store(int64(len(body)))
				took, reason := cfg.send(ctx, body)
				mu.Lock()
				if reason == "" {
					acked++
					latencies = append(latencies, took)
				} else {
					refused[reason]++
				}
				mu.Unlock()
				if n := done.Add(1); cfg.Progress != nil && n%int64(cfg.Every) == 0 {
					elapsed := time.Since(start)
					fmt.Fprintf(cfg.Progress, "\r%d/%d sent, %.0f/s", n, cfg.Requests, float64(n)/elapsed.Seconds())
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if cfg.Progress != nil {
		fmt.Fprintln(cfg.Progress)
	}
	slices.Sort(latencies)
	res := Result{Requests: int(done.Load()), Acked: acked, Refused: refused, Elapsed: elapsed,
		Rate: float64(done.Load()) / elapsed.Seconds(), BodySize: int(bodySize.Load()),
		P50: quantile(latencies, 0.50), P90: quantile(latencies, 0.90), P99: quantile(latencies, 0.99), Max: quantile(latencies, 1)}
	return res, ctx.Err()
}

func (cfg *Config) fill() error {
	if cfg.Signer == nil || cfg.Endpoint == "" || cfg.BapID == "" || cfg.BppID == "" {
		return fmt.Errorf("loadtest: endpoint, signer, bap id and bpp id are required")
	}
	if cfg.Action == "" {
		cfg.Action = "confirm"
	}
	if cfg.Version == "" {
		cfg.Version = "1.1.0"
	}
	if _, ok := wire.DialectOf(cfg.Version); !ok {
		return fmt.Errorf("loadtest: version %q: use 1.1.0, 1.1.1 or 2.0.0", cfg.Version)
	}
	if d, _ := wire.DialectOf(cfg.Version); !wire.IsAction(d, cfg.Action) || wire.IsCallback(cfg.Action) {
		return fmt.Errorf("loadtest: %q is not a Beckn request action", cfg.Action)
	}
	if cfg.Requests <= 0 {
		cfg.Requests = 1000
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 8
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: cfg.Concurrency}}
	}
	if cfg.Every <= 0 {
		cfg.Every = max(cfg.Requests/100, 1)
	}
	if cfg.BppURI == "" {
		cfg.BppURI = cfg.Endpoint
	}
	return nil
}

// body is one request with a fresh message id in a new transaction.
func (cfg *Config) body(d wire.Dialect, message json.RawMessage) ([]byte, error) {
	c, err := wire.NewContext(d, cfg.Action, wire.ContextOptions{Version: cfg.Version, Domain: cfg.Domain,
		BapID: cfg.BapID, BapURI: cfg.BapURI, BppID: cfg.BppID, BppURI: cfg.BppURI})
	if err != nil {
		return nil, err
	}
	return wire.Envelope(c, message)
}

// send posts one signed request; reason is empty for an ACK and names the
// refusal otherwise (HTTP status and the NACK's error code when there is one).
func (cfg *Config) send(ctx context.Context, body []byte) (time.Duration, string) {
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(cfg.Endpoint, "/")+"/"+cfg.Action, bytes.NewReader(body))
	if err != nil {
		return 0, "request: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	if err := cfg.Signer.Sign(req.Header, body, start, false, cfg.CoSign); err != nil {
		return 0, "sign: " + err.Error()
	}
	resp, err := cfg.Client.Do(req)
	if err != nil {
		return 0, "transport"
	}
	reply, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	took := time.Since(start)
	answer, err := wire.ReadResponse(reply)
	if err == nil && resp.StatusCode == http.StatusOK && answer.Acked() {
		return took, ""
	}
	return took, fmt.Sprintf("http %d %s", resp.StatusCode, answer.Code)
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
