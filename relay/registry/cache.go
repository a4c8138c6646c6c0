package registry

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/singleflight"
)

const (
	// DefaultTTL is how long an entry is served from the cache when the
	// caller gives no TTL.
	DefaultTTL = 60 * time.Second
	// DefaultNegativeTTL is how long a "not in the registry" answer, an
	// ended key or an empty lookup is served from the cache (at most the
	// TTL). Short, so that a participant subscribing while the watcher is
	// down is seen soon; long enough that a flood of unknown key ids costs
	// the chain one query per id every few seconds rather than one per
	// request. The watcher drops them at once on the chain's events.
	DefaultNegativeTTL = 5 * time.Second
	// DefaultMaxEntries bounds the cached keys: unknown ids are cached
	// too, and an attacker chooses those.
	DefaultMaxEntries = 100_000
	// maxLookups bounds the cached lookup answers (one per filter).
	maxLookups = 1024
	// fetchTimeout bounds one fetch from the inner registry shared by
	// every caller waiting for it, whatever their own deadlines.
	fetchTimeout = 15 * time.Second
)

// Cache is a Registry that serves recent answers of another one (the chain)
// from memory. An entry lives for the TTL and never past the ValidUntil of
// the key it holds, so an ending key is looked up again when it ends; "not
// found", an ended key and an empty lookup live DefaultNegativeTTL; errors
// of the inner registry are never cached. Invalidate drops a participant's
// entries at once: Watch calls it on the chain's registry events, so a
// rotated or revoked key stops being served within a block or two.
//
// Concurrent misses of one entry make one call to the inner registry.
// Cache is safe for concurrent use.
type Cache struct {
	inner       Registry
	ttl         time.Duration
	negativeTTL time.Duration
	maxEntries  int
	now         func() time.Time

	mu sync.Mutex
	// epoch counts invalidations: a fetch that began before one does not
	// store its (possibly stale) answer, and callers after it do not join
	// such a fetch.
	epoch   uint64
	keys    map[string]map[string]keyEntry // subscriber id -> key id ("" = in force)
	nKeys   int
	lookups map[Filter]lookupEntry

	flights  singleflight.Group
	watching atomic.Bool
	metrics  cacheMetrics
}

type keyEntry struct {
	key   Key
	err   error // nil or an ErrNotFound
	until time.Time
}

type lookupEntry struct {
	keys  []Key
	until time.Time
}

// NewCache returns a cache in front of inner. A ttl of 0 or less means
// DefaultTTL; now is the clock (time.Now if nil).
func NewCache(inner Registry, ttl time.Duration, now func() time.Time) *Cache {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	if now == nil {
		now = time.Now
	}
	return &Cache{
		inner: inner, ttl: ttl, negativeTTL: min(DefaultNegativeTTL, ttl), maxEntries: DefaultMaxEntries, now: now,
		keys: map[string]map[string]keyEntry{}, lookups: map[Filter]lookupEntry{}, metrics: newCacheMetrics(),
	}
}

// RegisterMetrics registers the cache's counters (hits, misses,
// invalidations) and the watcher's connected gauge on reg.
func (c *Cache) RegisterMetrics(reg prometheus.Registerer) error {
	for _, col := range []prometheus.Collector{c.metrics.hits, c.metrics.misses, c.metrics.invalidations, c.metrics.watching} {
		if err := reg.Register(col); err != nil {
			return fmt.Errorf("registering registry cache metrics: %w", err)
		}
	}
	return nil
}

// ResolveKey implements Registry.
func (c *Cache) ResolveKey(ctx context.Context, subscriberID, keyID string) (Key, error) {
	c.mu.Lock()
	e, ok := c.keys[subscriberID][keyID]
	epoch := c.epoch
	c.mu.Unlock()
	if ok && c.now().Before(e.until) {
		c.metrics.hits.WithLabelValues(opResolve).Inc()
		return e.key.Clone(), e.err
	}
	c.metrics.misses.WithLabelValues(opResolve).Inc()
	flight := strconv.FormatUint(epoch, 10) + "\x00" + subscriberID + "\x00" + keyID
	v, err := c.fetch(ctx, flight, func(ctx context.Context) (any, error) {
		k, err := c.inner.ResolveKey(ctx, subscriberID, keyID)
		c.storeKey(epoch, subscriberID, keyID, k, err)
		return k, err
	})
	if err != nil {
		return Key{}, err
	}
	return v.(Key).Clone(), nil
}

// Lookup implements Registry.
func (c *Cache) Lookup(ctx context.Context, f Filter) ([]Key, error) {
	f, err := f.Normalize()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	e, ok := c.lookups[f]
	epoch := c.epoch
	c.mu.Unlock()
	if ok && c.now().Before(e.until) {
		c.metrics.hits.WithLabelValues(opLookup).Inc()
		return cloneKeys(e.keys), nil
	}
	c.metrics.misses.WithLabelValues(opLookup).Inc()
	flight := fmt.Sprintf("%d\x00lookup\x00%q", epoch, []string{f.SubscriberID, f.KeyID, f.Type, f.Domain, f.Country, f.City, f.Status})
	v, err := c.fetch(ctx, flight, func(ctx context.Context) (any, error) {
		keys, err := c.inner.Lookup(ctx, f)
		if err == nil {
			c.storeLookup(epoch, f, keys)
		}
		return keys, err
	})
	if err != nil {
		return nil, err
	}
	return cloneKeys(v.([]Key)), nil
}

// fetch runs get once for every concurrent caller of the same flight, with
// its own deadline so that one caller giving up does not fail the others;
// each caller still returns when its own context ends.
func (c *Cache) fetch(ctx context.Context, flight string, get func(context.Context) (any, error)) (any, error) {
	detached := context.WithoutCancel(ctx)
	ch := c.flights.DoChan(flight, func() (any, error) {
		fctx, cancel := context.WithTimeout(detached, fetchTimeout)
		defer cancel()
		return get(fctx)
	})
	select {
	case r := <-ch:
		return r.Val, r.Err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// until is when an answer fetched now stops being served: after the TTL,
// or when the key ends if that is sooner. A key that has ended already is
// a stable answer ("ended") and lives as long as a negative one.
func (c *Cache) until(now time.Time, k Key) time.Time {
	if !k.ValidUntil.After(now) {
		return now.Add(c.negativeTTL)
	}
	return minTime(now.Add(c.ttl), k.ValidUntil)
}

func (c *Cache) storeKey(epoch uint64, subscriberID, keyID string, k Key, err error) {
	now := c.now()
	var until time.Time
	switch {
	case err == nil:
		until = c.until(now, k)
		k = k.Clone() // the entry shares nothing with what the inner registry returned
	case errors.Is(err, ErrNotFound):
		until = now.Add(c.negativeTTL)
	default:
		return // the registry failed: ask it again next time
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch != epoch {
		return // invalidated while fetching: the answer may predate the change
	}
	if _, ok := c.keys[subscriberID][keyID]; !ok {
		c.makeRoom(now) // may drop this participant's map too
		c.nKeys++
	}
	byKey := c.keys[subscriberID]
	if byKey == nil {
		byKey = map[string]keyEntry{}
		c.keys[subscriberID] = byKey
	}
	byKey[keyID] = keyEntry{key: k, err: err, until: until}
}

func (c *Cache) storeLookup(epoch uint64, f Filter, keys []Key) {
	now := c.now()
	until := now.Add(c.negativeTTL)
	if len(keys) > 0 {
		until = now.Add(c.ttl)
		for _, k := range keys {
			if k.ValidUntil.After(now) {
				until = minTime(until, k.ValidUntil)
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch != epoch {
		return
	}
	if _, ok := c.lookups[f]; !ok && len(c.lookups) >= maxLookups {
		for old, e := range c.lookups {
			if !now.Before(e.until) {
				delete(c.lookups, old)
			}
		}
		if len(c.lookups) >= maxLookups {
			return // full of live answers: this one is fetched again next time
		}
	}
	c.lookups[f] = lookupEntry{keys: cloneKeys(keys), until: until}
}

// makeRoom keeps the key entries under maxEntries: first it drops the
// expired ones, then, if that is not enough, whole participants in the
// map's (random) order. Called with mu held.
func (c *Cache) makeRoom(now time.Time) {
	if c.nKeys < c.maxEntries {
		return
	}
	for sub, byKey := range c.keys {
		for id, e := range byKey {
			if !now.Before(e.until) {
				delete(byKey, id)
				c.nKeys--
			}
		}
		if len(byKey) == 0 {
			delete(c.keys, sub)
		}
	}
	for sub, byKey := range c.keys {
		if c.nKeys < c.maxEntries {
			return
		}
		c.nKeys -= len(byKey)
		delete(c.keys, sub)
	}
}

// Invalidate drops every entry of a participant, and every cached lookup
// (any of them may list it), at once.
func (c *Cache) Invalidate(subscriberID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	c.nKeys -= len(c.keys[subscriberID])
	delete(c.keys, subscriberID)
	clear(c.lookups)
	c.metrics.invalidations.WithLabelValues(scopeSubscriber).Inc()
}

// InvalidateAll drops every entry: what a watcher does when it may have
// missed events.
func (c *Cache) InvalidateAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	clear(c.keys)
	c.nKeys = 0
	clear(c.lookups)
	c.metrics.invalidations.WithLabelValues(scopeAll).Inc()
}

// Watching says whether a watcher (Watch) is subscribed to the chain's
// registry events now. While it is not, an entry may be served for up to
// the TTL after the chain changed it; a relay's /health reports this.
func (c *Cache) Watching() bool { return c.watching.Load() }

func (c *Cache) setWatching(on bool) {
	c.watching.Store(on)
	if on {
		c.metrics.watching.Set(1)
	} else {
		c.metrics.watching.Set(0)
	}
}

// Len returns the number of cached keys and lookup answers, expired ones
// included until they are replaced or swept.
func (c *Cache) Len() (keys, lookups int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nKeys, len(c.lookups)
}

func cloneKeys(keys []Key) []Key {
	out := make([]Key, len(keys))
	for i, k := range keys {
		out[i] = k.Clone()
	}
	return out
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// Metric label values.
const (
	opResolve       = "resolve"
	opLookup        = "lookup"
	scopeSubscriber = "subscriber"
	scopeAll        = "all"
)

type cacheMetrics struct {
	hits, misses  *prometheus.CounterVec
	invalidations *prometheus.CounterVec
	watching      prometheus.Gauge
}

func newCacheMetrics() cacheMetrics {
	m := cacheMetrics{
		hits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "powershare_relay_registry_cache_hits_total",
			Help: "Registry answers served from the cache, by operation (resolve: one key; lookup: a filtered list).",
		}, []string{"op"}),
		misses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "powershare_relay_registry_cache_misses_total",
			Help: "Registry answers fetched from the chain because the cache held none, by operation.",
		}, []string{"op"}),
		invalidations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "powershare_relay_registry_cache_invalidations_total",
			Help: "Registry cache invalidations, by scope (subscriber: one participant on a chain event; all: on (re)connection or missed blocks).",
		}, []string{"scope"}),
		watching: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "powershare_relay_registry_watch_connected",
			Help: "1 while the registry watcher is subscribed to the chain's registry events, 0 otherwise.",
		}),
	}
	// Every series exists from the start, so a rate over it is defined at once.
	for _, op := range []string{opResolve, opLookup} {
		m.hits.WithLabelValues(op)
		m.misses.WithLabelValues(op)
	}
	for _, scope := range []string{scopeSubscriber, scopeAll} {
		m.invalidations.WithLabelValues(scope)
	}
	return m
}
