package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"time"

	cmtlog "github.com/cometbft/cometbft/libs/log"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
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
// (max_subscriptions_per_client); the blocks come last so that a refused
// subscription shows as missing blocks and the watcher says so.
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
// read) it invalidates everything. It notices a dead connection by blocks
// that stop arriving while the node's height advances, and reconnects with
// exponential backoff.
type Watcher struct {
	// RPCURL is the node's CometBFT RPC address, e.g. http://127.0.0.1:26657.
	RPCURL string
	Cache  *Cache
	Log    *slog.Logger

	// CallTimeout bounds connecting, each subscription and each status
	// call (default 10 s).
	CallTimeout time.Duration
	// StallTimeout is how long without a block event before the watcher
	// asks the node for its height: if the chain moved on, the
	// subscription is dead and the watcher reconnects (default 30 s).
	StallTimeout time.Duration
	// MinBackoff and MaxBackoff bound the wait before a reconnection,
	// doubled after every failure, with jitter (defaults 500 ms and 30 s).
	MinBackoff, MaxBackoff time.Duration
}

// Watch runs a Watcher with the default timeouts until ctx ends.
func Watch(ctx context.Context, rpcURL string, c *Cache, log *slog.Logger) error {
	return (&Watcher{RPCURL: rpcURL, Cache: c, Log: log}).Run(ctx)
}

// eventBuffer is the room per subscription for events not yet read. The
// CometBFT client drops an event that finds it full, so it is ample: the
// loop does little per event.
const eventBuffer = 1024

// subscriber is the name the client subscribes under (CometBFT replaces it
// with the connection's address).
const subscriber = "powershare-relay-registry"

// Run watches until ctx ends, then returns nil. It returns an error at once
// only when it cannot start at all (no cache, an RPC address that does not
// parse); a node that is down or goes away is retried for ever.
func (w *Watcher) Run(ctx context.Context) error {
	if w.Cache == nil {
		return errors.New("registry watch: no cache to keep fresh")
	}
	if _, err := rpchttp.New(w.RPCURL, "/websocket"); err != nil {
		return fmt.Errorf("registry watch: RPC address %q: %w", w.RPCURL, err)
	}
	log := w.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	log = log.With("component", "registry-watch", "rpc", w.RPCURL)
	minBackoff, maxBackoff := orDefault(w.MinBackoff, 500*time.Millisecond), orDefault(w.MaxBackoff, 30*time.Second)
	backoff := minBackoff
	defer w.Cache.setWatching(false)
	for {
		began := time.Now()
		err := w.session(ctx, log)
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

// session connects, subscribes and applies events until the connection
// fails or ctx ends.
func (w *Watcher) session(ctx context.Context, log *slog.Logger) error {
	callTimeout := orDefault(w.CallTimeout, 10*time.Second)
	client, err := rpchttp.NewWithTimeout(w.RPCURL, "/websocket", uint(max(1, callTimeout/time.Second)))
	if err != nil {
		return err
	}
	client.SetLogger(cometLogger{log})
	if err := startWithin(ctx, client, callTimeout); err != nil {
		return err
	}
	defer stopWithin(client, callTimeout, log)

	events := make(chan ctypes.ResultEvent, eventBuffer)
	done := make(chan struct{})
	defer close(done)
	for _, q := range watchQueries() {
		sctx, cancel := context.WithTimeout(ctx, callTimeout)
		ch, err := client.Subscribe(sctx, subscriber, q, eventBuffer)
		cancel()
		if err != nil {
			return fmt.Errorf("subscribing to %q: %w", q, err)
		}
		go forward(ch, events, done)
	}
	last, err := latestHeight(ctx, client, callTimeout)
	if err != nil {
		return err
	}
	// Subscribed from here on; whatever changed before is refetched.
	w.Cache.InvalidateAll()
	w.Cache.setWatching(true)
	log.Info("registry watch subscribed", "height", last)

	stallTimeout := orDefault(w.StallTimeout, 30*time.Second)
	stall := time.NewTimer(stallTimeout)
	defer stall.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev := <-events:
			if block, ok := ev.Data.(cmttypes.EventDataNewBlockEvents); ok {
				if block.Height > last+1 {
					log.Warn("registry watch missed blocks; dropping every cached entry", "after", last, "got", block.Height)
					w.Cache.InvalidateAll()
				}
				last = max(last, block.Height)
				stall.Reset(stallTimeout)
			}
			w.apply(ev.Events, log)
		case <-stall.C:
			height, err := latestHeight(ctx, client, callTimeout)
			if err != nil {
				return err
			}
			if height > last {
				return fmt.Errorf("no block events for %s while the node went from height %d to %d: the subscription is lost "+
					"(or refused: the watcher needs %d subscriptions, check max_subscriptions_per_client)",
					stallTimeout, last, height, len(watchQueries()))
			}
			stall.Reset(stallTimeout) // the chain is idle, not the connection
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

// forward copies a subscription's events to the watcher's one channel
// until done.
func forward(from <-chan ctypes.ResultEvent, to chan<- ctypes.ResultEvent, done <-chan struct{}) {
	for {
		select {
		case ev := <-from:
			select {
			case to <- ev:
			case <-done:
				return
			}
		case <-done:
			return
		}
	}
}

func latestHeight(ctx context.Context, client *rpchttp.HTTP, timeout time.Duration) (int64, error) {
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	st, err := client.Status(sctx)
	if err != nil {
		return 0, fmt.Errorf("node status: %w", err)
	}
	return st.SyncInfo.LatestBlockHeight, nil
}

// startWithin starts the client's websocket, giving up after timeout: the
// CometBFT client dials without a deadline. A start that completes later
// is stopped.
func startWithin(ctx context.Context, client *rpchttp.HTTP, timeout time.Duration) error {
	started := make(chan error, 1)
	go func() { started <- client.Start() }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case err := <-started:
		if err != nil {
			return fmt.Errorf("connecting to the node's websocket: %w", err)
		}
		return nil
	case <-timer.C:
	case <-ctx.Done():
	}
	go func() {
		if <-started == nil {
			_ = client.Stop()
		}
	}()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("connecting to the node's websocket: no answer within %s", timeout)
}

// stopWithin stops the client, waiting at most timeout for it.
func stopWithin(client *rpchttp.HTTP, timeout time.Duration, log *slog.Logger) {
	stopped := make(chan error, 1)
	go func() { stopped <- client.Stop() }()
	select {
	case err := <-stopped:
		if err != nil {
			log.Debug("stopping the websocket client", "err", err)
		}
	case <-time.After(timeout):
		log.Warn("the websocket client did not stop in time; left to finish on its own", "timeout", timeout)
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

// cometLogger passes the CometBFT client's logs to slog. Its Info lines
// (one per message received) are debug detail here.
type cometLogger struct{ log *slog.Logger }

func (l cometLogger) Debug(msg string, kv ...any) { l.log.Debug(msg, kv...) }
func (l cometLogger) Info(msg string, kv ...any)  { l.log.Debug(msg, kv...) }
func (l cometLogger) Warn(msg string, kv ...any)  { l.log.Warn(msg, kv...) }
func (l cometLogger) Error(msg string, kv ...any) { l.log.Warn(msg, kv...) }
func (l cometLogger) With(kv ...any) cmtlog.Logger {
	return cometLogger{l.log.With(kv...)}
}
