package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
	rpctypes "github.com/cometbft/cometbft/rpc/jsonrpc/types"
	cmttypes "github.com/cometbft/cometbft/types"
	gogoproto "github.com/cosmos/gogoproto/proto"

	"github.com/powershare/powershare/x/beckn/types"
)

// watchedEvent is an x/beckn typed event after which the registry may
// answer otherwise for a participant, and the attribute that names it:
// the JSON of a string (subscriber_id) or of a message with a
// subscriber_id field (participant, key).
type watchedEvent struct {
	name   string // the event type, the proto message's full name
	attr   string
	object bool
	inTx   bool // emitted by a Msg (else by the EndBlocker)
}

// watchedEvents are every x/beckn event that changes a participant's
// status or keys: a (re)subscription (EventSubscribed: a changed
// subscription waits for approval again, a claimed id starts a fresh key
// history), an approval or rejection, a key rotation, an unsubscription and
// a lapsed pending subscription.
var watchedEvents = []watchedEvent{
	{gogoproto.MessageName(&types.EventSubscribed{}), "participant", true, true},
	{gogoproto.MessageName(&types.EventSubscriptionDecided{}), "subscriber_id", false, true},
	{gogoproto.MessageName(&types.EventKeysRotated{}), "key", true, true},
	{gogoproto.MessageName(&types.EventUnsubscribed{}), "subscriber_id", false, true},
	{gogoproto.MessageName(&types.EventSubscriptionLapsed{}), "participant", true, false},
}

// blocksQuery selects every block's own events (those of BeginBlock and
// EndBlock, where a lapse is emitted) with the block's height, which
// shows a gap when blocks were missed.
const blocksQuery = "tm.event='NewBlockEvents'"

// watchQueries are the subscriptions of a watcher: one per Msg event,
// then the blocks. CometBFT allows 5 per client by default
// (max_subscriptions_per_client), which they use; a refusal ends the
// session with the node's reason.
func watchQueries() []string {
	var qs []string
	for _, e := range watchedEvents {
		if e.inTx {
			qs = append(qs, fmt.Sprintf("tm.event='Tx' AND %s.%s EXISTS", e.name, e.attr))
		}
	}
	return append(qs, blocksQuery)
}

// subscriberIDs reads the participants that events (CometBFT's composite
// keys, "type.attribute" -> values) name in watched events. It reports
// whether an attribute could not be read, in which case the caller cannot
// know whom the event concerns.
func subscriberIDs(events map[string][]string) (ids []string, unreadable bool) {
	for _, e := range watchedEvents {
		for _, v := range events[e.name+"."+e.attr] {
			var id string
			if e.object {
				var named struct {
					SubscriberID string `json:"subscriber_id"`
				}
				if err := json.Unmarshal([]byte(v), &named); err != nil {
					unreadable = true
					continue
				}
				id = named.SubscriberID
			} else if err := json.Unmarshal([]byte(v), &id); err != nil {
				unreadable = true
				continue
			}
			if id == "" {
				unreadable = true
				continue
			}
			ids = append(ids, id)
		}
	}
	return ids, unreadable
}

// Watcher keeps a Cache fresh from the chain's events: it subscribes to
// x/beckn's registry events on a node's CometBFT websocket and invalidates
// the participant each one names. Whenever it may have missed events (on
// every (re)connection, on a gap in block heights, on an event it cannot
// read) it invalidates everything. A connection that fails, falls silent
// (no event and no answer to a ping for IdleTimeout) or loses a
// subscription is replaced, after an exponential backoff.
//
// It speaks the websocket JSON-RPC itself rather than through CometBFT's
// rpc/client/http, whose client reconnects on its own without telling
// (events missed meanwhile would go unnoticed), dials without a deadline,
// stops silently on a plain network error, and can panic when stopped
// while it reconnects.
type Watcher struct {
	// RPCURL is the node's CometBFT RPC address, e.g. http://127.0.0.1:26657
	// (http, https, tcp, ws or wss); its /websocket endpoint is used.
	RPCURL string
	Cache  *Cache
	Log    *slog.Logger

	// CallTimeout bounds connecting, subscribing and each write (default 10 s).
	CallTimeout time.Duration
	// IdleTimeout is how long the connection may go without a message or
	// an answer to a ping (sent every third of it) before the watcher
	// takes it for dead (default 30 s).
	IdleTimeout time.Duration
	// MinBackoff and MaxBackoff bound the wait before a reconnection,
	// doubled after every failure, with jitter (defaults 500 ms and 30 s).
	MinBackoff, MaxBackoff time.Duration
}

// Watch runs a Watcher with the default timeouts until ctx ends.
func Watch(ctx context.Context, rpcURL string, c *Cache, log *slog.Logger) error {
	return (&Watcher{RPCURL: rpcURL, Cache: c, Log: log}).Run(ctx)
}

// maxEventBytes bounds one websocket message: a transaction's event carries
// the transaction, at most a block's size.
const maxEventBytes = 32 << 20

// Run watches until ctx ends, then returns nil. It returns an error at once
// only when it cannot start at all (no cache, an RPC address it cannot
// use); a node that is down or goes away is retried for ever.
func (w *Watcher) Run(ctx context.Context) error {
	if w.Cache == nil {
		return errors.New("registry watch: no cache to keep fresh")
	}
	wsURL, err := websocketURL(w.RPCURL)
	if err != nil {
		return fmt.Errorf("registry watch: %w", err)
	}
	log := w.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	log = log.With("component", "registry-watch", "websocket", wsURL)
	minBackoff, maxBackoff := orDefault(w.MinBackoff, 500*time.Millisecond), orDefault(w.MaxBackoff, 30*time.Second)
	backoff := minBackoff
	defer w.Cache.setWatching(false)
	for {
		began := time.Now()
		err := w.session(ctx, wsURL, log)
		w.Cache.setWatching(false)
		if ctx.Err() != nil {
			return nil
		}
		// Until the next session subscribes, changes go unseen: drop what
		// they could make stale now, and again once subscribed.
		w.Cache.InvalidateAll()
		if time.Since(began) > maxBackoff {
			backoff = minBackoff // the session lasted: this is a new failure
		}
		wait := jitter(backoff)
		log.Warn("registry watch interrupted; entries are refetched from the chain until it resumes", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

// websocketURL is the websocket endpoint of a CometBFT RPC address.
func websocketURL(rpcURL string) (string, error) {
	u, err := url.Parse(rpcURL)
	if err != nil {
		return "", fmt.Errorf("RPC address %q: %w", rpcURL, err)
	}
	switch u.Scheme {
	case "http", "tcp", "ws":
		u.Scheme = "ws"
	case "https", "wss":
		u.Scheme = "wss"
	default:
		return "", fmt.Errorf("RPC address %q: the scheme must be http, https, tcp, ws or wss", rpcURL)
	}
	if u.Host == "" {
		return "", fmt.Errorf("RPC address %q has no host", rpcURL)
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/websocket"
	return u.String(), nil
}

// session connects, subscribes and applies events until the connection
// fails or ctx ends.
func (w *Watcher) session(ctx context.Context, wsURL string, log *slog.Logger) error {
	callTimeout, idleTimeout := orDefault(w.CallTimeout, 10*time.Second), orDefault(w.IdleTimeout, 30*time.Second)
	dialer := websocket.Dialer{HandshakeTimeout: callTimeout, Proxy: http.ProxyFromEnvironment}
	dctx, cancel := context.WithTimeout(ctx, callTimeout)
	conn, res, err := dialer.DialContext(dctx, wsURL, nil)
	cancel()
	if res != nil && res.Body != nil {
		_ = res.Body.Close()
	}
	if err != nil {
		return fmt.Errorf("connecting: %w", err)
	}
	defer conn.Close()
	// Ending ctx closes the connection, which ends the blocking read.
	defer context.AfterFunc(ctx, func() { _ = conn.Close() })()
	conn.SetReadLimit(maxEventBytes)
	conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(idleTimeout)) })

	queries := watchQueries()
	for i, q := range queries {
		req := map[string]any{"jsonrpc": "2.0", "id": i + 1, "method": "subscribe", "params": map[string]string{"query": q}}
		if err := conn.SetWriteDeadline(time.Now().Add(callTimeout)); err != nil {
			return err
		}
		if err := conn.WriteJSON(req); err != nil {
			return fmt.Errorf("subscribing to %q: %w", q, err)
		}
	}
	pingDone := make(chan struct{})
	defer close(pingDone)
	go ping(conn, idleTimeout/3, callTimeout, pingDone)

	acked := 0
	var last int64
	subscribeBy := time.Now().Add(callTimeout)
	for {
		deadline := time.Now().Add(idleTimeout)
		if acked < len(queries) {
			deadline = subscribeBy
		}
		if err := conn.SetReadDeadline(deadline); err != nil {
			return err
		}
		_, data, err := conn.ReadMessage()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if acked < len(queries) {
				return fmt.Errorf("subscribing (%d of %d acknowledged): %w", acked, len(queries), err)
			}
			return fmt.Errorf("reading events: %w", err)
		}
		var resp rpctypes.RPCResponse
		if err := json.Unmarshal(data, &resp); err != nil {
			return fmt.Errorf("reading events: not a JSON-RPC response: %w", err)
		}
		query := queryOf(resp.ID, queries)
		if resp.Error != nil {
			// A refused subscription (max_subscriptions_per_client, a bad
			// query) or one the node cancelled (a slow client, CometBFT
			// stopping): events are lost from here.
			return fmt.Errorf("subscription %q: %s", query, resp.Error.Error())
		}
		var ev ctypes.ResultEvent
		if err := cmtjson.Unmarshal(resp.Result, &ev); err != nil {
			log.Warn("registry watch could not read an event; dropping every cached entry", "query", query, "err", err)
			w.Cache.InvalidateAll()
			continue
		}
		if ev.Query == "" { // a subscription's acknowledgement
			if acked++; acked == len(queries) {
				// Subscribed from here on; whatever changed before is refetched.
				w.Cache.InvalidateAll()
				w.Cache.setWatching(true)
				log.Info("registry watch subscribed", "queries", len(queries))
			}
			continue
		}
		if block, ok := ev.Data.(cmttypes.EventDataNewBlockEvents); ok {
			if last > 0 && block.Height > last+1 {
				log.Warn("registry watch missed blocks; dropping every cached entry", "after", last, "got", block.Height)
				w.Cache.InvalidateAll()
			}
			last = max(last, block.Height)
		}
		w.apply(ev.Events, log)
	}
}

// queryOf names the subscription a response answers (its request id is
// the query's index plus one).
func queryOf(id any, queries []string) string {
	if n, ok := id.(rpctypes.JSONRPCIntID); ok && n >= 1 && int(n) <= len(queries) {
		return queries[n-1]
	}
	return fmt.Sprint(id)
}

// ping sends a ping every period until done, so that a silent connection
// shows as a missing pong.
func ping(conn *websocket.Conn, period, writeTimeout time.Duration, done <-chan struct{}) {
	ticker := time.NewTicker(period)
	defer ticker.Stop()
	for {
		select {
		case <-done:
			return
		case <-ticker.C:
			if err := conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeTimeout)); err != nil {
				return // the read fails too, and ends the session
			}
		}
	}
}

// apply invalidates the participants events name; everything when one
// cannot be read.
func (w *Watcher) apply(events map[string][]string, log *slog.Logger) {
	ids, unreadable := subscriberIDs(events)
	for _, id := range ids {
		w.Cache.Invalidate(id)
		log.Debug("registry entry invalidated", "subscriber_id", id)
	}
	if unreadable {
		log.Warn("registry watch could not read the participant of an event; dropping every cached entry")
		w.Cache.InvalidateAll()
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// jitter spreads reconnections of many relays: d plus up to a fifth more.
func jitter(d time.Duration) time.Duration {
	return d + rand.N(d/5+1)
}
