package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/require"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	gogoproto "github.com/cosmos/gogoproto/proto"

	"github.com/powershare/powershare/x/beckn/types"
)

// composite turns ABCI events into CometBFT's composite keys, as the node
// publishes them with each event.
func composite(events ...abci.Event) map[string][]string {
	out := map[string][]string{}
	for _, e := range events {
		for _, a := range e.Attributes {
			out[e.Type+"."+a.Key] = append(out[e.Type+"."+a.Key], a.Value)
		}
	}
	return out
}

// typed is the ABCI event the SDK emits for a typed event.
func typed(t *testing.T, ev gogoproto.Message) abci.Event {
	t.Helper()
	e, err := sdk.TypedEventToEvent(ev)
	require.NoError(t, err)
	return abci.Event(e)
}

// TestSubscriberIDsOfEveryWatchedEvent reads each event as the SDK emits
// it, so the attribute names here are the chain's.
func TestSubscriberIDsOfEveryWatchedEvent(t *testing.T) {
	events := composite(
		typed(t, &types.EventSubscribed{Participant: types.Participant{SubscriberId: "a.example"}, Key: types.SubscriberKey{SubscriberId: "a.example"}}),
		typed(t, &types.EventSubscriptionDecided{SubscriberId: "b.example", Status: types.SubscriptionStatus_UNSUBSCRIBED, Reason: "r"}),
		typed(t, &types.EventKeysRotated{Key: types.SubscriberKey{SubscriberId: "c.example", KeyId: "k2"}, PreviousKey: types.SubscriberKey{SubscriberId: "c.example"}}),
		typed(t, &types.EventUnsubscribed{SubscriberId: "d.example"}),
		typed(t, &types.EventSubscriptionLapsed{Participant: types.Participant{SubscriberId: "e.example"}}),
		typed(t, &types.EventKeysRotated{Key: types.SubscriberKey{SubscriberId: "f.example", KeyId: "k2"}}),
		typed(t, &types.EventOrderAnchored{}), // not a registry event
	)

	ids, unreadable := subscriberIDs(events)

	require.False(t, unreadable)
	require.Equal(t, []string{"a.example", "b.example", "c.example", "f.example", "d.example", "e.example"}, ids)
	for _, q := range watchQueries()[:4] {
		require.Regexp(t, `^tm.event='Tx' AND powershare\.beckn\.v1\.Event\w+\.\w+ EXISTS$`, q)
	}
	require.Equal(t, []string{
		"tm.event='Tx' AND powershare.beckn.v1.EventSubscribed.participant EXISTS",
		"tm.event='Tx' AND powershare.beckn.v1.EventSubscriptionDecided.subscriber_id EXISTS",
		"tm.event='Tx' AND powershare.beckn.v1.EventKeysRotated.key EXISTS",
		"tm.event='Tx' AND powershare.beckn.v1.EventUnsubscribed.subscriber_id EXISTS",
		"tm.event='NewBlockEvents'",
	}, watchQueries())
}

func TestSubscriberIDsFlagsWhatItCannotRead(t *testing.T) {
	for name, events := range map[string]map[string][]string{
		"a number":        {"powershare.beckn.v1.EventUnsubscribed.subscriber_id": {"42"}},
		"an empty id":     {"powershare.beckn.v1.EventUnsubscribed.subscriber_id": {`""`}},
		"not JSON":        {"powershare.beckn.v1.EventKeysRotated.key": {"{"}},
		"no id in a key":  {"powershare.beckn.v1.EventKeysRotated.key": {`{"key_id":"k"}`}},
		"a bare id value": {"powershare.beckn.v1.EventSubscribed.participant": {`"a.example"`}},
	} {
		_, unreadable := subscriberIDs(events)
		require.True(t, unreadable, name)
	}
}

func TestWebsocketURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:26657":   "ws://127.0.0.1:26657/websocket",
		"tcp://0.0.0.0:26657":      "ws://0.0.0.0:26657/websocket",
		"https://rpc.example.org/": "wss://rpc.example.org/websocket",
		"wss://rpc.example.org/a":  "wss://rpc.example.org/a/websocket",
	} {
		got, err := websocketURL(in)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	for _, bad := range []string{"unix:///tmp/node.sock", "127.0.0.1:26657", "http://", "::"} {
		_, err := websocketURL(bad)
		require.Error(t, err, bad)
	}
}

// fakeNode is a CometBFT websocket endpoint: it acknowledges
// subscriptions and sends the events a test pushes to the latest
// connection. refuse makes it answer subscriptions with an error; mute
// makes it stop reading (so stop answering pings).
type fakeNode struct {
	t   *testing.T
	srv *httptest.Server

	mu      sync.Mutex
	conns   int
	conn    *websocket.Conn
	ids     map[string]json.RawMessage // query -> subscription request id, latest connection
	refuse  string
	mute    bool
	writeMu sync.Mutex
}

func newFakeNode(t *testing.T) *fakeNode {
	t.Helper()
	n := &fakeNode{t: t}
	mux := http.NewServeMux()
	mux.HandleFunc("/websocket", n.serve)
	n.srv = httptest.NewServer(mux)
	t.Cleanup(n.srv.Close)
	return n
}

func (n *fakeNode) serve(w http.ResponseWriter, r *http.Request) {
	conn, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		return
	}
	n.mu.Lock()
	n.conns++
	n.conn, n.ids = conn, map[string]json.RawMessage{}
	n.mu.Unlock()
	for {
		n.mu.Lock()
		mute := n.mute
		n.mu.Unlock()
		if mute {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if err := conn.SetReadDeadline(time.Now().Add(50 * time.Millisecond)); err != nil {
			return
		}
		_, data, err := conn.ReadMessage()
		var netErr interface{ Timeout() bool }
		if errors.As(err, &netErr) && netErr.Timeout() {
			continue
		}
		if err != nil {
			return
		}
		var req struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
			Params struct {
				Query string `json:"query"`
			} `json:"params"`
		}
		if json.Unmarshal(data, &req) != nil || req.Method != "subscribe" {
			continue
		}
		n.mu.Lock()
		n.ids[req.Params.Query] = req.ID
		refuse := n.refuse
		n.mu.Unlock()
		if refuse != "" {
			n.write(conn, fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"error":{"code":-32603,"message":"Internal error","data":%q}}`, req.ID, refuse))
			continue
		}
		n.write(conn, fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"result":{}}`, req.ID))
	}
}

func (n *fakeNode) write(conn *websocket.Conn, msg string) {
	n.writeMu.Lock()
	defer n.writeMu.Unlock()
	_ = conn.WriteMessage(websocket.TextMessage, []byte(msg))
}

// push sends an event on the subscription to query of the latest connection.
func (n *fakeNode) push(query string, data cmttypes.TMEventData, events map[string][]string) {
	n.t.Helper()
	n.mu.Lock()
	conn, id := n.conn, n.ids[query]
	n.mu.Unlock()
	require.NotNil(n.t, id, "no subscription to %q", query)
	result, err := cmtjson.Marshal(ctypes.ResultEvent{Query: query, Data: data, Events: events})
	require.NoError(n.t, err)
	n.write(conn, fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"result":%s}`, id, result))
}

func (n *fakeNode) block(height int64, events ...abci.Event) {
	n.t.Helper()
	n.push(blocksQuery, cmttypes.EventDataNewBlockEvents{Height: height, Events: events}, composite(events...))
}

func (n *fakeNode) tx(query string, events ...abci.Event) {
	n.t.Helper()
	n.push(query, cmttypes.EventDataTx{}, composite(events...))
}

func (n *fakeNode) connections() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.conns
}

// drop closes the latest connection without a close frame, as a node that
// dies does.
func (n *fakeNode) drop() {
	n.mu.Lock()
	defer n.mu.Unlock()
	_ = n.conn.NetConn().Close()
}

// stubRegistry answers every key in force at once.
type stubRegistry struct{}

func (stubRegistry) ResolveKey(_ context.Context, subscriberID, keyID string) (Key, error) {
	return Key{SubscriberID: subscriberID, KeyID: keyID, ValidUntil: time.Now().Add(time.Hour)}, nil
}

func (stubRegistry) Lookup(context.Context, Filter) ([]Key, error) { return nil, nil }

// watchedCache starts a Watcher on a fake node and waits until it is
// subscribed.
func watchedCache(t *testing.T, node *fakeNode) *Cache {
	t.Helper()
	c := NewCache(stubRegistry{}, time.Hour, nil)
	w := &Watcher{RPCURL: node.srv.URL, Cache: c, CallTimeout: 2 * time.Second, IdleTimeout: 300 * time.Millisecond,
		MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
		require.False(t, c.Watching())
	})
	require.Eventually(t, c.Watching, 5*time.Second, time.Millisecond)
	return c
}

// warm caches the key in force of each participant.
func warm(t *testing.T, c *Cache, ids ...string) {
	t.Helper()
	for _, id := range ids {
		_, err := c.ResolveKey(context.Background(), id, "")
		require.NoError(t, err)
	}
}

func cached(c *Cache, id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.keys[id]
	return ok
}

func allInvalidations(c *Cache) float64 {
	var m dto.Metric
	if err := c.metrics.invalidations.WithLabelValues(scopeAll).Write(&m); err != nil {
		panic(err)
	}
	return m.GetCounter().GetValue()
}

func TestWatcherInvalidatesOnRegistryEvents(t *testing.T) {
	node := newFakeNode(t)
	c := watchedCache(t, node)
	require.Equal(t, 1.0, allInvalidations(c), "everything is dropped once subscribed")
	rotated := typed(t, &types.EventKeysRotated{Key: types.SubscriberKey{SubscriberId: "a.example", KeyId: "k2"}})

	warm(t, c, "a.example", "b.example")
	node.tx(watchQueries()[2], rotated)
	require.Eventually(t, func() bool { return !cached(c, "a.example") }, 5*time.Second, time.Millisecond)
	require.True(t, cached(c, "b.example"))

	// A lapse comes with a block; consecutive blocks drop nothing else.
	node.block(10)
	node.block(11, typed(t, &types.EventSubscriptionLapsed{Participant: types.Participant{SubscriberId: "b.example"}}))
	require.Eventually(t, func() bool { return !cached(c, "b.example") }, 5*time.Second, time.Millisecond)
	require.Equal(t, 1.0, allInvalidations(c))

	// A gap in the heights means missed events: everything goes.
	warm(t, c, "a.example", "b.example")
	node.block(13)
	require.Eventually(t, func() bool { return allInvalidations(c) == 2 }, 5*time.Second, time.Millisecond)
	require.False(t, cached(c, "a.example") || cached(c, "b.example"))

	// So does an event whose participant cannot be read.
	warm(t, c, "a.example")
	node.tx(watchQueries()[3], abci.Event{Type: "powershare.beckn.v1.EventUnsubscribed", Attributes: []abci.EventAttribute{{Key: "subscriber_id", Value: "42"}}})
	require.Eventually(t, func() bool { return allInvalidations(c) == 3 }, 5*time.Second, time.Millisecond)
	require.False(t, cached(c, "a.example"))
	require.Equal(t, 1, node.connections())
}

func TestWatcherReconnectsAndDropsEverything(t *testing.T) {
	tests := []struct {
		name, failure string
	}{
		{"connection dropped", "drop"},
		{"node silent", "mute"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			node := newFakeNode(t)
			c := watchedCache(t, node)
			warm(t, c, "a.example")

			switch tc.failure {
			case "drop":
				node.drop()
			case "mute":
				node.mu.Lock()
				node.mute = true
				node.mu.Unlock()
			}

			require.Eventually(t, func() bool { return node.connections() == 2 }, 10*time.Second, time.Millisecond)
			node.mu.Lock()
			node.mute = false
			node.mu.Unlock()
			require.Eventually(t, func() bool { return c.Watching() && allInvalidations(c) >= 3 }, 10*time.Second, time.Millisecond,
				"dropped when the connection failed and again once subscribed")
			require.False(t, cached(c, "a.example"))
			// The new connection's events are applied.
			warm(t, c, "a.example")
			node.tx(watchQueries()[3], typed(t, &types.EventUnsubscribed{SubscriberId: "a.example"}))
			require.Eventually(t, func() bool { return !cached(c, "a.example") }, 5*time.Second, time.Millisecond)
		})
	}
}

func TestWatcherRetriesARefusedSubscription(t *testing.T) {
	node := newFakeNode(t)
	node.refuse = "max_subscriptions_per_client 5 reached"
	c := NewCache(stubRegistry{}, time.Hour, nil)
	w := &Watcher{RPCURL: node.srv.URL, Cache: c, CallTimeout: time.Second, IdleTimeout: time.Second,
		MinBackoff: 10 * time.Millisecond, MaxBackoff: 20 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	require.Eventually(t, func() bool { return node.connections() >= 3 }, 10*time.Second, time.Millisecond)
	require.False(t, c.Watching())
	node.mu.Lock()
	node.refuse = ""
	node.mu.Unlock()
	require.Eventually(t, c.Watching, 10*time.Second, time.Millisecond)
	cancel()
	require.NoError(t, <-done)
}

func TestWatcherRefusesWhatItCannotUse(t *testing.T) {
	require.ErrorContains(t, (&Watcher{RPCURL: "http://127.0.0.1:1"}).Run(context.Background()), "no cache")
	require.ErrorContains(t, Watch(context.Background(), "unix:///tmp/x.sock", NewCache(stubRegistry{}, 0, nil), nil), "scheme")
}

// TestWatcherRetriesANodeThatIsDown: nothing listens; the watcher keeps
// trying until its context ends, and returns nil.
func TestWatcherRetriesANodeThatIsDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c := NewCache(stubRegistry{}, time.Hour, nil)
	warm(t, c, "a.example")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()

	err := (&Watcher{RPCURL: url, Cache: c, MinBackoff: 10 * time.Millisecond, MaxBackoff: 20 * time.Millisecond}).Run(ctx)

	require.NoError(t, err)
	require.False(t, cached(c, "a.example"), "a watcher that cannot connect drops what it cannot keep fresh")
}
