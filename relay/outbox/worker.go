// Package outbox delivers the relay's outbound messages (callbacks and
// forwarded requests) from the store's outbox: it claims due items under a
// lease, delivers them concurrently with a per-delivery timeout, retries
// transient failures with capped exponential backoff and jitter, and parks
// permanent failures as dead. Delivery is at least once: an item whose
// outcome was not recorded (a crash mid-delivery) is delivered again when
// its lease ends.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/powershare/powershare/relay/store"
)

// Deliverer sends one item: it signs the body afresh and POSTs it to
// item.TargetURL, honouring ctx (which carries the delivery timeout). It
// returns nil when the receiver took the item (an ACK), an *Error (see
// HTTPStatus, Permanent) to say how it failed, or any other error for a
// transient failure. Errors are logged and stored: they must not contain
// bodies or keys.
type Deliverer func(ctx context.Context, item store.OutboxItem) error

// Defaults for the Worker's zero fields.
const (
	DefaultPoll          = time.Second
	DefaultBatch         = 32
	DefaultConcurrency   = 16
	DefaultTimeout       = 10 * time.Second
	DefaultMaxAttempts   = 10
	DefaultBaseBackoff   = time.Second
	DefaultMaxBackoff    = 5 * time.Minute
	DefaultShutdownGrace = 10 * time.Second
	DefaultRetention     = 24 * time.Hour
	DefaultHousekeeping  = time.Minute
)

// markTimeout bounds each store write recording an outcome. Outcomes are
// recorded even while shutting down, so these writes do not use Run's
// context.
const markTimeout = 5 * time.Second

// abandonAfter is how long Run waits, after cancelling the deliveries
// still running at the end of ShutdownGrace, for them to return.
const abandonAfter = 2 * time.Second

// Worker delivers outbox items until its context ends. Zero fields take the
// defaults above; Store and Deliver are required. Set the fields before
// Run and do not change them after.
type Worker struct {
	Store   *store.Store
	Deliver Deliverer

	// Poll is how often an idle worker looks for due items; Kick wakes
	// it earlier.
	Poll time.Duration
	// Batch is the most items claimed by one query.
	Batch int
	// Concurrency bounds deliveries in flight.
	Concurrency int
	// Timeout bounds one delivery.
	Timeout time.Duration
	// Lease is how long a claimed item is reserved: if its outcome is not
	// recorded by then (the process died), it is delivered again. It must
	// exceed Timeout; default 3 × Timeout.
	Lease time.Duration
	// MaxAttempts is how many attempts an item gets before it is dead.
	MaxAttempts int
	// BaseBackoff is the wait after the first failed attempt, doubled
	// after each further one, capped at MaxBackoff, with jitter: the
	// actual wait lies between half the step and the step.
	BaseBackoff, MaxBackoff time.Duration
	// ShutdownGrace bounds how long Run waits for deliveries in flight
	// when its context ends; deliveries still running then are cancelled
	// and become due again at once.
	ShutdownGrace time.Duration
	// Retention is how long delivered items are kept; negative keeps them
	// forever.
	Retention time.Duration
	// Housekeeping is how often the worker prunes expired replay rows and
	// delivered items past Retention; negative disables both (then the
	// caller prunes).
	Housekeeping time.Duration

	Log     *slog.Logger
	Metrics *Metrics
	// Now is the clock; default time.Now.
	Now func() time.Time

	kickOnce sync.Once
	kick     chan struct{}
	inFlight atomic.Int64
}

// Kick wakes the worker to claim at once, for example right after an
// enqueue. It never blocks; kicks while the worker is busy coalesce.
func (w *Worker) Kick() {
	w.kickOnce.Do(w.initKick)
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

func (w *Worker) initKick() { w.kick = make(chan struct{}, 1) }

// settings are the Worker's fields with defaults applied.
type settings struct {
	poll, timeout, lease, base, maxBackoff, grace, retention, housekeeping time.Duration
	batch, concurrency, maxAttempts                                        int
	log                                                                    *slog.Logger
	metrics                                                                *Metrics
	now                                                                    func() time.Time
}

func orDefault[T time.Duration | int](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

func (w *Worker) settings() (settings, error) {
	c := settings{
		poll:         orDefault(w.Poll, DefaultPoll),
		batch:        orDefault(w.Batch, DefaultBatch),
		concurrency:  orDefault(w.Concurrency, DefaultConcurrency),
		timeout:      orDefault(w.Timeout, DefaultTimeout),
		maxAttempts:  orDefault(w.MaxAttempts, DefaultMaxAttempts),
		base:         orDefault(w.BaseBackoff, DefaultBaseBackoff),
		maxBackoff:   orDefault(w.MaxBackoff, DefaultMaxBackoff),
		grace:        orDefault(w.ShutdownGrace, DefaultShutdownGrace),
		retention:    orDefault(w.Retention, DefaultRetention),
		housekeeping: orDefault(w.Housekeeping, DefaultHousekeeping),
		log:          w.Log,
		metrics:      w.Metrics,
		now:          w.Now,
	}
	c.lease = orDefault(w.Lease, 3*c.timeout)
	switch {
	case w.Store == nil:
		return c, errors.New("outbox worker: no store")
	case w.Deliver == nil:
		return c, errors.New("outbox worker: no deliverer")
	case c.poll < 0 || c.timeout < 0 || c.lease < 0 || c.base < 0 || c.maxBackoff < 0 || c.grace < 0:
		return c, errors.New("outbox worker: negative duration")
	case c.batch < 0 || c.concurrency < 0 || c.maxAttempts < 0:
		return c, errors.New("outbox worker: negative count")
	case c.lease <= c.timeout:
		return c, fmt.Errorf("outbox worker: lease %s must exceed the delivery timeout %s, or a slow delivery is sent twice", c.lease, c.timeout)
	case c.base > c.maxBackoff:
		return c, fmt.Errorf("outbox worker: base backoff %s exceeds max backoff %s", c.base, c.maxBackoff)
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.metrics == nil {
		m, err := NewMetrics(nil)
		if err != nil {
			return c, err
		}
		c.metrics = m
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c, nil
}

// Run delivers until ctx ends (call it once per Worker), then waits up to ShutdownGrace for the
// deliveries in flight, cancels those still running (their items become due
// again at once) and returns. It returns nil after a clean shutdown, an
// error for invalid settings or when cancelled deliveries did not return.
func (w *Worker) Run(ctx context.Context) error {
	c, err := w.settings()
	if err != nil {
		return err
	}
	w.kickOnce.Do(w.initKick)

	// Deliveries outlive ctx by up to the grace period; abort ends them.
	deliveryCtx, abort := context.WithCancel(context.WithoutCancel(ctx))
	defer abort()
	var wg sync.WaitGroup
	done := make(chan struct{}, c.concurrency) // one token per finished delivery
	inFlight := 0
	timer := time.NewTimer(c.poll)
	defer timer.Stop()
	var lastGauges, lastHousekeeping time.Time

	c.log.Info("outbox worker started", "concurrency", c.concurrency, "poll", c.poll, "timeout", c.timeout, "lease", c.lease, "max_attempts", c.maxAttempts)
	for {
		// Collect finished deliveries without waiting.
		for drained := false; !drained; {
			select {
			case <-done:
				inFlight--
			default:
				drained = true
			}
		}
		full := false
		if free := c.concurrency - inFlight; free > 0 && ctx.Err() == nil {
			limit := min(free, c.batch)
			items, err := w.Store.ClaimDue(ctx, c.now(), limit, c.lease)
			c.metrics.Claims.Inc()
			if err != nil && ctx.Err() == nil {
				c.log.Error("outbox claim failed", "error", err)
			}
			for _, it := range items {
				inFlight++
				w.inFlight.Add(1)
				wg.Go(func() {
					defer func() {
						w.inFlight.Add(-1)
						done <- struct{}{}
					}()
					w.deliver(deliveryCtx, c, it)
				})
			}
			full = len(items) == limit
		}
		now := c.now()
		if now.Sub(lastGauges) >= c.poll {
			lastGauges = now
			w.refreshGauges(ctx, c)
		}
		if c.housekeeping > 0 && now.Sub(lastHousekeeping) >= c.housekeeping {
			lastHousekeeping = now
			w.housekeep(ctx, c, now)
		}
		// A full claim means more may be due: claim again at once if a
		// slot is free, otherwise when a delivery finishes.
		if full && inFlight < c.concurrency && ctx.Err() == nil {
			continue
		}
		timer.Reset(c.poll)
		select {
		case <-ctx.Done():
			return w.shutdown(c, &wg, abort)
		case <-w.kick:
		case <-done:
			inFlight--
		case <-timer.C:
		}
	}
}

// shutdown waits for deliveries in flight, bounded by the grace period.
func (w *Worker) shutdown(c settings, wg *sync.WaitGroup, abort context.CancelFunc) error {
	finished := make(chan struct{})
	go func() {
		wg.Wait()
		close(finished)
	}()
	c.log.Info("outbox worker stopping", "in_flight", w.inFlight.Load(), "grace", c.grace)
	select {
	case <-finished:
		c.log.Info("outbox worker stopped")
		return nil
	case <-time.After(c.grace):
	}
	c.log.Warn("outbox worker: cancelling deliveries still running after the grace period", "in_flight", w.inFlight.Load())
	abort()
	select {
	case <-finished:
		c.log.Info("outbox worker stopped")
		return nil
	case <-time.After(abandonAfter):
		return fmt.Errorf("outbox worker: %d deliveries ignored cancellation; their items are delivered again after the lease", w.inFlight.Load())
	}
}

// deliver makes one attempt and records its outcome.
func (w *Worker) deliver(deliveryCtx context.Context, c settings, it store.OutboxItem) {
	start := c.now()
	ctx, cancel := context.WithTimeout(deliveryCtx, c.timeout)
	err := callDeliverer(ctx, w.Deliver, it)
	cancel()
	elapsed := c.now().Sub(start)

	markCtx, cancelMark := context.WithTimeout(context.WithoutCancel(deliveryCtx), markTimeout)
	defer cancelMark()
	log := c.log.With("item", it.ID, "action", it.Action, "target", it.RedactedTarget(),
		"transaction_id", it.TransactionID, "message_id", it.MessageID, "attempt", it.Attempts)

	var outcome string
	var markErr error
	switch {
	case err == nil:
		outcome = OutcomeDelivered
		markErr = w.Store.MarkDelivered(markCtx, it.ID, c.now())
		log.Debug("outbox item delivered", "duration", elapsed)
	case deliveryCtx.Err() != nil:
		// Cut short by shutdown, not the receiver's fault: due again
		// at once after a restart.
		outcome = OutcomeInterrupted
		markErr = w.Store.MarkRetry(markCtx, it.ID, c.now(), "interrupted by shutdown: "+err.Error())
		log.Warn("outbox delivery interrupted by shutdown", "error", err)
	case IsPermanent(err):
		outcome = OutcomeDead
		markErr = w.Store.MarkDead(markCtx, it.ID, err.Error())
		log.Warn("outbox item dead: permanent failure", "error", err)
	case it.Attempts >= c.maxAttempts:
		outcome = OutcomeDead
		markErr = w.Store.MarkDead(markCtx, it.ID, fmt.Sprintf("gave up after %d attempts: %v", it.Attempts, err))
		log.Warn("outbox item dead: attempts exhausted", "error", err)
	default:
		outcome = OutcomeRetry
		wait := backoff(it.Attempts, c.base, c.maxBackoff, retryAfter(err), randInt64N)
		markErr = w.Store.MarkRetry(markCtx, it.ID, c.now().Add(wait), err.Error())
		log.Info("outbox delivery failed, will retry", "error", err, "retry_in", wait)
	}
	c.metrics.Deliveries.WithLabelValues(outcome).Inc()
	c.metrics.Latency.WithLabelValues(outcome).Observe(elapsed.Seconds())
	if markErr != nil {
		// The lease makes the item due again: the worst case is one more
		// delivery of an item the receiver already has.
		log.Error("outbox outcome not recorded; the item is delivered again after its lease", "outcome", outcome, "error", markErr)
	}
}

// callDeliverer turns a panicking Deliverer into a transient failure rather
// than a crash of the relay.
func callDeliverer(ctx context.Context, d Deliverer, it store.OutboxItem) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("deliverer panicked: %v", v)
		}
	}()
	return d(ctx, it)
}

// backoff is the wait after failed attempt n (1-based): BaseBackoff doubled
// n-1 times, capped at max, with "equal jitter" (a uniformly random point in
// the upper half of the step) so that items failing together spread out,
// and never less than the receiver's Retry-After (itself capped at max).
func backoff(attempt int, base, maxWait, retryAfter time.Duration, randN func(int64) int64) time.Duration {
	step := min(base, maxWait)
	for i := 1; i < attempt && step < maxWait; i++ {
		if step > maxWait/2 { // doubling would pass the cap (or overflow)
			step = maxWait
			break
		}
		step *= 2
	}
	wait := step/2 + time.Duration(randN(int64(step/2)+1))
	return min(max(wait, retryAfter), maxWait)
}

// randInt64N is the jitter source: math/rand/v2's, safe for concurrent use.
var randInt64N = rand.Int64N

func (w *Worker) refreshGauges(ctx context.Context, c settings) {
	counts, err := w.Store.OutboxCounts(ctx)
	if err != nil {
		if ctx.Err() == nil {
			c.log.Error("outbox depth not read", "error", err)
		}
		return
	}
	c.metrics.Depth.Set(float64(counts.Pending))
	c.metrics.Dead.Set(float64(counts.Dead))
}

func (w *Worker) housekeep(ctx context.Context, c settings, now time.Time) {
	if n, err := w.Store.PruneReplay(ctx, now); err != nil {
		if ctx.Err() == nil {
			c.log.Error("replay rows not pruned", "error", err)
		}
	} else {
		c.metrics.Pruned.WithLabelValues("replay").Add(float64(n))
	}
	if c.retention < 0 {
		return
	}
	if n, err := w.Store.PruneOutbox(ctx, now.Add(-c.retention)); err != nil {
		if ctx.Err() == nil {
			c.log.Error("delivered outbox items not pruned", "error", err)
		}
	} else {
		c.metrics.Pruned.WithLabelValues("outbox").Add(float64(n))
	}
}
