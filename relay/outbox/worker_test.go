package outbox_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/powershare/powershare/relay/outbox"
	"github.com/powershare/powershare/relay/store"
)

// receiver is a loopback Beckn endpoint: it answers the first failures
// requests with failStatus, then ACKs, and counts what it took per message.
type receiver struct {
	srv        *httptest.Server
	failures   int
	failStatus int
	// hold, when set, keeps each request open until it is closed or the
	// client gives up.
	hold chan struct{}

	mu       sync.Mutex
	requests int
	times    []time.Time
	taken    map[string]int // message id -> ACKed deliveries
	inFlight int
	maxFlt   int
}

func newReceiver(t *testing.T, failures, failStatus int) *receiver {
	t.Helper()
	r := &receiver{failures: failures, failStatus: failStatus, taken: map[string]int{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.requests++
	n := r.requests
	r.times = append(r.times, time.Now())
	r.inFlight++
	r.maxFlt = max(r.maxFlt, r.inFlight)
	hold := r.hold
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.inFlight--
		r.mu.Unlock()
	}()
	if hold != nil {
		select {
		case <-hold:
		case <-req.Context().Done():
			return // the sender gave up: nothing taken
		}
	}
	if n <= r.failures {
		if r.failStatus == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "1")
		}
		http.Error(w, `{"message":{"ack":{"status":"NACK"}}}`, r.failStatus)
		return
	}
	r.mu.Lock()
	r.taken[req.Header.Get("X-Test-Message-Id")]++
	r.mu.Unlock()
	if !bytes.Contains(body, []byte(`"action"`)) {
		http.Error(w, "body lost", http.StatusBadRequest)
		return
	}
	_, _ = w.Write([]byte(`{"message":{"ack":{"status":"ACK"}}}`))
}

func (r *receiver) stats() (requests int, taken map[string]int, maxInFlight int, times []time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cp := map[string]int{}
	for k, v := range r.taken {
		cp[k] = v
	}
	return r.requests, cp, r.maxFlt, append([]time.Time(nil), r.times...)
}

// httpDeliverer is the shape of the lead's Deliverer: POST over loopback,
// classify the answer.
func httpDeliverer(client *http.Client) outbox.Deliverer {
	return func(ctx context.Context, it store.OutboxItem) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, it.TargetURL, bytes.NewReader(it.Body))
		if err != nil {
			return outbox.Permanent(err)
		}
		for k, v := range it.PassHeaders {
			req.Header[k] = v
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Test-Message-Id", it.MessageID)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return outbox.HTTPStatus(resp.StatusCode, outbox.ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now()), "")
	}
}

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func item(target, messageID string) store.OutboxItem {
	return store.OutboxItem{
		TargetURL: target + "/beckn/on_confirm", Action: "on_confirm",
		Body:          []byte(`{"context":{"action":"on_confirm","message_id":"` + messageID + `"}}`),
		TransactionID: "txn-1", MessageID: messageID,
	}
}

// startWorker runs w until the test ends (or stop is called) and reports
// Run's result.
func startWorker(t *testing.T, w *outbox.Worker) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() { result <- w.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			err = <-result
		})
		return err
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("run: %v", err)
		}
	})
	return stop
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func itemStatus(t *testing.T, s *store.Store, id int64) store.OutboxItem {
	t.Helper()
	it, err := s.OutboxItem(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func enqueue(t *testing.T, s *store.Store, items ...store.OutboxItem) []int64 {
	t.Helper()
	var ids []int64
	err := s.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		ids, err = tx.Enqueue(items...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func newMetrics(t *testing.T) *outbox.Metrics {
	t.Helper()
	m, err := outbox.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRetriesWithBackoffUntilDelivered(t *testing.T) {
	rcv := newReceiver(t, 2, http.StatusServiceUnavailable)
	s := openStore(t, filepath.Join(t.TempDir(), "relay.db"))
	m := newMetrics(t)
	const base = 40 * time.Millisecond
	w := &outbox.Worker{
		Store: s, Deliver: httpDeliverer(rcv.srv.Client()), Metrics: m,
		Poll: 5 * time.Millisecond, BaseBackoff: base, MaxBackoff: time.Second, MaxAttempts: 5,
	}
	id := enqueue(t, s, item(rcv.srv.URL, "m1"))[0]
	startWorker(t, w)
	eventually(t, "the item is delivered", func() bool { return itemStatus(t, s, id).Status == store.StatusDelivered })

	requests, taken, _, times := rcv.stats()
	if requests != 3 || taken["m1"] != 1 {
		t.Fatalf("receiver saw %d requests and took m1 %d times; want 3 and 1", requests, taken["m1"])
	}
	// Equal jitter never waits less than half the step: base/2, then base.
	if gap := times[1].Sub(times[0]); gap < base/2 {
		t.Fatalf("first retry after %s, want at least %s", gap, base/2)
	}
	if gap := times[2].Sub(times[1]); gap < base {
		t.Fatalf("second retry after %s, want at least %s", gap, base)
	}
	it := itemStatus(t, s, id)
	if it.Attempts != 3 || !strings.Contains(it.LastError, "HTTP 503") {
		t.Fatalf("item after delivery: attempts %d, last error %q", it.Attempts, it.LastError)
	}
	if got := value(t, m.Deliveries.WithLabelValues(outbox.OutcomeRetry)); got != 2 {
		t.Fatalf("retry outcomes %v, want 2", got)
	}
	if got := value(t, m.Deliveries.WithLabelValues(outbox.OutcomeDelivered)); got != 1 {
		t.Fatalf("delivered outcomes %v, want 1", got)
	}
	if got := series(m.Latency); got != 2 {
		t.Fatalf("latency series %d, want one per outcome seen (2)", got)
	}
	eventually(t, "the depth gauge reads 0", func() bool { return value(t, m.Depth) == 0 })
}

func TestFailuresThatEndDead(t *testing.T) {
	for _, tc := range []struct {
		name         string
		failStatus   int
		maxAttempts  int
		wantRequests int
		wantError    string
	}{
		{name: "permanent NACK", failStatus: http.StatusBadRequest, maxAttempts: 5, wantRequests: 1, wantError: "permanent delivery failure, HTTP 400"},
		{name: "attempts exhausted", failStatus: http.StatusBadGateway, maxAttempts: 3, wantRequests: 3, wantError: "gave up after 3 attempts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rcv := newReceiver(t, 1000, tc.failStatus)
			s := openStore(t, filepath.Join(t.TempDir(), "relay.db"))
			m := newMetrics(t)
			w := &outbox.Worker{
				Store: s, Deliver: httpDeliverer(rcv.srv.Client()), Metrics: m,
				Poll: 5 * time.Millisecond, BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, MaxAttempts: tc.maxAttempts,
			}
			id := enqueue(t, s, item(rcv.srv.URL, "m1"))[0]
			startWorker(t, w)
			eventually(t, "the item is dead", func() bool { return itemStatus(t, s, id).Status == store.StatusDead })
			eventually(t, "the dead gauge reads 1", func() bool { return value(t, m.Dead) == 1 })

			requests, taken, _, _ := rcv.stats()
			if requests != tc.wantRequests || len(taken) != 0 {
				t.Fatalf("receiver saw %d requests, took %v; want %d requests, nothing taken", requests, taken, tc.wantRequests)
			}
			if it := itemStatus(t, s, id); !strings.Contains(it.LastError, tc.wantError) {
				t.Fatalf("last error %q, want it to contain %q", it.LastError, tc.wantError)
			}
			if got := value(t, m.Deliveries.WithLabelValues(outbox.OutcomeDead)); got != 1 {
				t.Fatalf("dead outcomes %v", got)
			}
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	rcv := newReceiver(t, 1, http.StatusTooManyRequests) // asks for Retry-After: 1 (second)
	s := openStore(t, filepath.Join(t.TempDir(), "relay.db"))
	w := &outbox.Worker{
		Store: s, Deliver: httpDeliverer(rcv.srv.Client()), Metrics: newMetrics(t),
		Poll: 5 * time.Millisecond, BaseBackoff: time.Millisecond, MaxBackoff: 10 * time.Second,
	}
	id := enqueue(t, s, item(rcv.srv.URL, "m1"))[0]
	startWorker(t, w)
	eventually(t, "the item is delivered", func() bool { return itemStatus(t, s, id).Status == store.StatusDelivered })
	_, _, _, times := rcv.stats()
	if gap := times[1].Sub(times[0]); gap < time.Second {
		t.Fatalf("retried after %s, the receiver asked for 1s", gap)
	}
}

// A relay restarted mid-flow delivers its pending items exactly once: one
// that was waiting for a retry, one claimed by a process that died before
// recording anything, and one whose delivery the shutdown cut short.
func TestRestartMidFlowDeliversEachItemOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "relay.db")
	rcv := newReceiver(t, 1, http.StatusServiceUnavailable) // the first request fails
	rcv.hold = make(chan struct{})
	ctx := context.Background()

	// Before the restart.
	s1, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// "retry" fails once (503) and waits for a retry far away;
	// "interrupted" hangs at the receiver until the shutdown cuts it.
	w1 := &outbox.Worker{
		Store: s1, Deliver: httpDeliverer(rcv.srv.Client()), Metrics: newMetrics(t),
		Poll: 5 * time.Millisecond, BaseBackoff: 400 * time.Millisecond, MaxBackoff: 400 * time.Millisecond,
		ShutdownGrace: 50 * time.Millisecond, Concurrency: 1,
	}
	stop1 := startWorker(t, w1)
	retryID := enqueue(t, s1, item(rcv.srv.URL, "retry"))[0]
	close(rcv.hold) // let the first request through: it fails with 503
	eventually(t, "the first attempt failed", func() bool { return itemStatus(t, s1, retryID).LastError != "" })
	rcv.mu.Lock()
	rcv.hold = make(chan struct{}) // from now on requests hang
	rcv.mu.Unlock()
	interruptedID := enqueue(t, s1, item(rcv.srv.URL, "interrupted"))[0]
	w1.Kick()
	eventually(t, "the interrupted delivery is at the receiver", func() bool {
		requests, _, _, _ := rcv.stats()
		return requests == 2
	})
	if err := stop1(); err != nil {
		t.Fatalf("first worker: %v", err)
	}
	if it := itemStatus(t, s1, interruptedID); it.Status != store.StatusPending || !strings.Contains(it.LastError, "interrupted by shutdown") {
		t.Fatalf("interrupted item after shutdown: %+v", it)
	}
	// "crashed": claimed by a process that died mid-delivery, with nothing
	// recorded but the claim.
	crashedID := enqueue(t, s1, item(rcv.srv.URL, "crashed"))[0]
	if got, err := s1.ClaimDue(ctx, time.Now(), 1, 200*time.Millisecond); err != nil || len(got) != 1 || got[0].ID != crashedID {
		t.Fatalf("claim: %v, %v", got, err)
	}
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}

	// After the restart: a new store on the same file and a new worker.
	rcv.mu.Lock()
	rcv.hold = nil
	rcv.mu.Unlock()
	s2 := openStore(t, path)
	w2 := &outbox.Worker{
		Store: s2, Deliver: httpDeliverer(rcv.srv.Client()), Metrics: newMetrics(t),
		Poll: 5 * time.Millisecond, BaseBackoff: 400 * time.Millisecond, MaxBackoff: 400 * time.Millisecond,
	}
	startWorker(t, w2)
	for _, id := range []int64{crashedID, retryID, interruptedID} {
		eventually(t, "every item is delivered", func() bool { return itemStatus(t, s2, id).Status == store.StatusDelivered })
	}
	// Give a duplicate every chance to show up before counting.
	time.Sleep(50 * time.Millisecond)
	_, taken, _, _ := rcv.stats()
	for _, mid := range []string{"crashed", "retry", "interrupted"} {
		if taken[mid] != 1 {
			t.Errorf("receiver took %q %d times, want exactly once (all: %v)", mid, taken[mid], taken)
		}
	}
}

func TestShutdownWaitsForDeliveriesInFlight(t *testing.T) {
	rcv := newReceiver(t, 0, 0)
	rcv.hold = make(chan struct{})
	s := openStore(t, filepath.Join(t.TempDir(), "relay.db"))
	w := &outbox.Worker{
		Store: s, Deliver: httpDeliverer(rcv.srv.Client()), Metrics: newMetrics(t),
		Poll: 5 * time.Millisecond, ShutdownGrace: 10 * time.Second,
	}
	id := enqueue(t, s, item(rcv.srv.URL, "m1"))[0]
	stop := startWorker(t, w)
	eventually(t, "the delivery is in flight", func() bool {
		requests, _, _, _ := rcv.stats()
		return requests == 1
	})
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	select {
	case err := <-stopped:
		t.Fatalf("Run returned (%v) with a delivery in flight", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(rcv.hold)
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if it := itemStatus(t, s, id); it.Status != store.StatusDelivered {
		t.Fatalf("item after a graceful shutdown: %+v", it)
	}
}

// A Deliverer that ignores its context cannot hold Run for ever.
func TestShutdownIsBounded(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "relay.db"))
	unblock := make(chan struct{})
	defer close(unblock)
	started := make(chan struct{}, 1)
	w := &outbox.Worker{
		Store: s, Metrics: newMetrics(t), Poll: 5 * time.Millisecond, ShutdownGrace: 20 * time.Millisecond,
		Deliver: func(context.Context, store.OutboxItem) error {
			started <- struct{}{}
			<-unblock // ignores ctx
			return nil
		},
	}
	enqueue(t, s, item("http://127.0.0.1:9", "m1"))
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() { result <- w.Run(ctx) }()
	<-started
	cancel()
	select {
	case err := <-result:
		if err == nil || !strings.Contains(err.Error(), "ignored cancellation") {
			t.Fatalf("Run: %v, want an error about the delivery that ignored cancellation", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
}

func TestConcurrencyIsBounded(t *testing.T) {
	rcv := newReceiver(t, 0, 0)
	rcv.hold = make(chan struct{})
	s := openStore(t, filepath.Join(t.TempDir(), "relay.db"))
	const bound, items = 3, 12
	w := &outbox.Worker{
		Store: s, Deliver: httpDeliverer(rcv.srv.Client()), Metrics: newMetrics(t),
		Poll: 5 * time.Millisecond, Concurrency: bound, Batch: 2,
	}
	batch := make([]store.OutboxItem, items)
	for i := range batch {
		batch[i] = item(rcv.srv.URL, "m"+string(rune('a'+i)))
	}
	enqueue(t, s, batch...)
	startWorker(t, w)
	eventually(t, "the bound is reached", func() bool {
		requests, _, _, _ := rcv.stats()
		return requests == bound
	})
	time.Sleep(30 * time.Millisecond) // room for a violation to appear
	if requests, _, _, _ := rcv.stats(); requests != bound {
		t.Fatalf("%d requests in flight, bound %d", requests, bound)
	}
	close(rcv.hold)
	eventually(t, "everything is delivered", func() bool {
		c, err := s.OutboxCounts(context.Background())
		return err == nil && c.Delivered == items
	})
	if _, taken, maxInFlight, _ := rcv.stats(); maxInFlight > bound || len(taken) != items {
		t.Fatalf("max in flight %d (bound %d), took %d distinct items", maxInFlight, bound, len(taken))
	}
}

func TestIdleWorkerPollsWithoutSpinningAndWakesOnKick(t *testing.T) {
	rcv := newReceiver(t, 0, 0)
	s := openStore(t, filepath.Join(t.TempDir(), "relay.db"))
	m := newMetrics(t)
	const poll = 50 * time.Millisecond
	w := &outbox.Worker{Store: s, Deliver: httpDeliverer(rcv.srv.Client()), Metrics: m, Poll: poll}
	stop := startWorker(t, w)
	const idle = 500 * time.Millisecond
	time.Sleep(idle)
	// About idle/poll claims; a spinning loop would make thousands.
	if claims := value(t, m.Claims); claims < 2 || claims > 3*float64(idle/poll) {
		t.Fatalf("%v claim queries in %s idle at poll %s", claims, idle, poll)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	// With a poll far away, only Kick gets a new item out.
	slowMetrics := newMetrics(t)
	slow := &outbox.Worker{Store: s, Deliver: httpDeliverer(rcv.srv.Client()), Metrics: slowMetrics, Poll: time.Hour}
	startWorker(t, slow)
	eventually(t, "the first (empty) claim happened", func() bool { return value(t, slowMetrics.Claims) >= 1 })
	id := enqueue(t, s, item(rcv.srv.URL, "kicked"))[0]
	slow.Kick()
	eventually(t, "the kicked item is delivered", func() bool { return itemStatus(t, s, id).Status == store.StatusDelivered })
}

func TestPanickingDelivererIsATransientFailure(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "relay.db"))
	var calls atomic.Int64
	m := newMetrics(t)
	w := &outbox.Worker{
		Store: s, Metrics: m, Poll: 5 * time.Millisecond, BaseBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond,
		Deliver: func(context.Context, store.OutboxItem) error {
			if calls.Add(1) == 1 {
				panic("deliverer bug")
			}
			return nil
		},
	}
	id := enqueue(t, s, item("http://127.0.0.1:9", "m1"))[0]
	startWorker(t, w)
	eventually(t, "the item is delivered", func() bool { return itemStatus(t, s, id).Status == store.StatusDelivered })
	if got := value(t, m.Deliveries.WithLabelValues(outbox.OutcomeRetry)); got != 1 {
		t.Fatalf("retry outcomes %v, want 1", got)
	}
}

func TestHousekeepingPrunes(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "relay.db"))
	m := newMetrics(t)
	ctx := context.Background()
	now := time.Now()
	msg := store.Message{Action: "search", MessageID: "m1", SenderID: "bap.example", Body: []byte("{}"), At: now.Add(-time.Hour)}
	if err := s.AcceptInbound(ctx, msg, now.Add(-time.Minute), nil); err != nil {
		t.Fatal(err)
	}
	w := &outbox.Worker{
		Store: s, Metrics: m, Poll: 5 * time.Millisecond, Retention: time.Nanosecond, Housekeeping: 10 * time.Millisecond,
		Deliver: func(context.Context, store.OutboxItem) error { return nil },
	}
	enqueue(t, s, item("http://127.0.0.1:9", "m1"), item("http://127.0.0.1:9", "m2"))
	startWorker(t, w)
	eventually(t, "delivered items are pruned", func() bool {
		return value(t, m.Pruned.WithLabelValues("outbox")) == 2
	})
	if got := value(t, m.Pruned.WithLabelValues("replay")); got != 1 {
		t.Fatalf("replay rows pruned %v, want 1", got)
	}
	if c, err := s.OutboxCounts(ctx); err != nil || c != (store.OutboxCounts{}) {
		t.Fatalf("outbox after pruning %+v, %v", c, err)
	}
}

func TestInvalidSettings(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "relay.db"))
	deliver := func(context.Context, store.OutboxItem) error { return nil }
	for _, tc := range []struct {
		name string
		w    *outbox.Worker
		want string
	}{
		{name: "no store", w: &outbox.Worker{Deliver: deliver}, want: "no store"},
		{name: "no deliverer", w: &outbox.Worker{Store: s}, want: "no deliverer"},
		{name: "lease not above timeout", w: &outbox.Worker{Store: s, Deliver: deliver, Timeout: time.Second, Lease: time.Second}, want: "lease"},
		{name: "base above max", w: &outbox.Worker{Store: s, Deliver: deliver, BaseBackoff: time.Hour, MaxBackoff: time.Minute}, want: "base backoff"},
		{name: "negative poll", w: &outbox.Worker{Store: s, Deliver: deliver, Poll: -1}, want: "negative duration"},
		{name: "negative concurrency", w: &outbox.Worker{Store: s, Deliver: deliver, Concurrency: -1}, want: "negative count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.w.Run(context.Background())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Run: %v, want an error mentioning %q", err, tc.want)
			}
		})
	}
}

func TestMetricsRegisterOnTheGivenRegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	if _, err := outbox.NewMetrics(reg); err != nil {
		t.Fatal(err)
	}
	if _, err := outbox.NewMetrics(reg); err == nil {
		t.Fatal("registering twice on one registry succeeded")
	}
	if _, err := outbox.NewMetrics(nil); err != nil {
		t.Fatalf("unregistered metrics: %v", err)
	}
}

// Logs name the item but never carry its body or headers.
func TestLogsCarryNoBodiesOrHeaders(t *testing.T) {
	var buf syncBuffer
	s := openStore(t, filepath.Join(t.TempDir(), "relay.db"))
	w := &outbox.Worker{
		Store: s, Metrics: newMetrics(t), Poll: 5 * time.Millisecond, MaxAttempts: 1,
		Log: slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Deliver: func(context.Context, store.OutboxItem) error {
			return errors.New("connection refused")
		},
	}
	it := item("http://user:pw@127.0.0.1:9", "m1")
	it.Body = []byte(`{"secret-body-marker":1, "action":"on_confirm"}`)
	it.TargetURL += "?token=query-secret"
	it.PassHeaders = http.Header{"Authorization": {"Signature header-secret"}}
	id := enqueue(t, s, it)[0]
	startWorker(t, w)
	eventually(t, "the item is dead", func() bool { return itemStatus(t, s, id).Status == store.StatusDead })
	eventually(t, "the logs name the item", func() bool { return strings.Contains(buf.String(), `"message_id":"m1"`) })
	logs := buf.String()
	for _, secret := range []string{"secret-body-marker", "header-secret", "query-secret", "pw@"} {
		if strings.Contains(logs, secret) {
			t.Fatalf("logs contain %q:\n%s", secret, logs)
		}
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
