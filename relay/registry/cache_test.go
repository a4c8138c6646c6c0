package registry_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/relay/registry"
)

func newTestCache(t *testing.T, inner registry.Registry, ttl time.Duration) (*registry.Cache, *clock, *prometheus.Registry) {
	t.Helper()
	clk := &clock{t: t0}
	c := registry.NewCache(inner, ttl, clk.now)
	reg := prometheus.NewRegistry()
	require.NoError(t, c.RegisterMetrics(reg))
	return c, clk, reg
}

func TestCacheServesAKeyForItsTTL(t *testing.T) {
	bpp := testKey("bpp.example.org", "key-1", registry.TypeBPP)
	inner := newFake(bpp)
	c, clk, reg := newTestCache(t, inner, time.Minute)
	ctx := context.Background()

	for range 3 {
		k, err := c.ResolveKey(ctx, bpp.SubscriberID, "key-1")
		require.NoError(t, err)
		require.Equal(t, bpp, k)
	}
	require.Equal(t, 1, inner.callCount())
	require.Equal(t, 2.0, metric(reg, "powershare_relay_registry_cache_hits_total", map[string]string{"op": "resolve"}))
	require.Equal(t, 1.0, metric(reg, "powershare_relay_registry_cache_misses_total", map[string]string{"op": "resolve"}))

	clk.advance(time.Minute - time.Nanosecond)
	_, err := c.ResolveKey(ctx, bpp.SubscriberID, "key-1")
	require.NoError(t, err)
	require.Equal(t, 1, inner.callCount(), "still within the TTL")

	clk.advance(time.Nanosecond)
	_, err = c.ResolveKey(ctx, bpp.SubscriberID, "key-1")
	require.NoError(t, err)
	require.Equal(t, 2, inner.callCount(), "the TTL is over")
}

func TestCacheKeepsTheKeyInForceApartFromNamedKeys(t *testing.T) {
	bpp := testKey("bpp.example.org", "key-1", registry.TypeBPP)
	inner := newFake(bpp)
	c, _, _ := newTestCache(t, inner, time.Minute)

	_, err := c.ResolveKey(context.Background(), bpp.SubscriberID, "key-1")
	require.NoError(t, err)
	inForce, err := c.ResolveKey(context.Background(), bpp.SubscriberID, "")
	require.NoError(t, err)

	require.Equal(t, bpp, inForce)
	require.Equal(t, 2, inner.callCount())
}

// TestCacheNeverServesPastValidUntil: an entry ends with its key, however
// long the TTL, so a key that ends is looked up again.
func TestCacheNeverServesPastValidUntil(t *testing.T) {
	ending := testKey("bpp.example.org", "key-1", registry.TypeBPP)
	ending.ValidUntil = t0.Add(10 * time.Second)
	inner := newFake(ending)
	c, clk, _ := newTestCache(t, inner, time.Hour)
	ctx := context.Background()
	_, err := c.ResolveKey(ctx, ending.SubscriberID, "")
	require.NoError(t, err)

	clk.advance(10*time.Second - time.Nanosecond)
	_, err = c.ResolveKey(ctx, ending.SubscriberID, "")
	require.NoError(t, err)
	require.Equal(t, 1, inner.callCount())

	// The chain now answers with the rotated key in force.
	next := testKey("bpp.example.org", "key-2", registry.TypeBPP)
	inner.set(next)
	clk.advance(time.Nanosecond)
	k, err := c.ResolveKey(ctx, ending.SubscriberID, "")
	require.NoError(t, err)
	require.Equal(t, "key-2", k.KeyID)
	require.Equal(t, 2, inner.callCount())
}

// TestCacheKeepsShortAnswersShort: "not found" and an ended key live
// DefaultNegativeTTL; a failure of the inner registry is never cached.
func TestCacheKeepsShortAnswersShort(t *testing.T) {
	ended := testKey("bpp.example.org", "key-0", registry.TypeBPP)
	ended.ValidUntil, ended.Status = t0.Add(-time.Minute), registry.StatusExpired
	tests := []struct {
		name, subscriberID, keyID string
		err                       error
		liveFor                   time.Duration
	}{
		{"unknown participant", "bap.unknown.example", "key-1", registry.ErrNotFound, registry.DefaultNegativeTTL},
		{"unknown key", ended.SubscriberID, "key-9", registry.ErrNotFound, registry.DefaultNegativeTTL},
		{"ended key", ended.SubscriberID, "key-0", nil, registry.DefaultNegativeTTL},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inner := newFake()
			inner.keys[ended.SubscriberID+"|key-0"] = ended
			c, clk, _ := newTestCache(t, inner, time.Hour)
			ctx := context.Background()

			for range 2 {
				_, err := c.ResolveKey(ctx, tc.subscriberID, tc.keyID)
				if tc.err == nil {
					require.NoError(t, err)
				} else {
					require.ErrorIs(t, err, tc.err)
				}
			}
			require.Equal(t, 1, inner.callCount())
			clk.advance(tc.liveFor)
			_, _ = c.ResolveKey(ctx, tc.subscriberID, tc.keyID)
			require.Equal(t, 2, inner.callCount())
		})
	}

	t.Run("registry failure", func(t *testing.T) {
		inner := newFake()
		inner.err = errors.New("node down")
		c, _, _ := newTestCache(t, inner, time.Hour)

		for range 2 {
			_, err := c.ResolveKey(context.Background(), "bpp.example.org", "key-1")
			require.ErrorContains(t, err, "node down")
		}
		require.Equal(t, 2, inner.callCount())
	})
}

func TestCacheInvalidate(t *testing.T) {
	bap, bpp := testKey("bap.example.org", "key-1", registry.TypeBAP), testKey("bpp.example.org", "key-1", registry.TypeBPP)
	inner := newFake(bap, bpp)
	c, _, reg := newTestCache(t, inner, time.Hour)
	ctx := context.Background()
	warm := func() {
		for _, id := range []string{bap.SubscriberID, bpp.SubscriberID} {
			_, err := c.ResolveKey(ctx, id, "key-1")
			require.NoError(t, err)
		}
		_, err := c.Lookup(ctx, registry.Filter{Type: registry.TypeBPP})
		require.NoError(t, err)
	}
	warm()
	require.Equal(t, 3, inner.callCount())

	c.Invalidate(bpp.SubscriberID)
	warm()

	require.Equal(t, 5, inner.callCount(), "the BPP and the lookup (which may list it) are fetched again, the BAP is not")
	keys, lookups := c.Len()
	require.Equal(t, 2, keys)
	require.Equal(t, 1, lookups)

	c.InvalidateAll()
	require.Equal(t, [2]int{0, 0}, func() [2]int { k, l := c.Len(); return [2]int{k, l} }())
	warm()
	require.Equal(t, 8, inner.callCount())
	require.Equal(t, 1.0, metric(reg, "powershare_relay_registry_cache_invalidations_total", map[string]string{"scope": "subscriber"}))
	require.Equal(t, 1.0, metric(reg, "powershare_relay_registry_cache_invalidations_total", map[string]string{"scope": "all"}))
}

// TestCacheDropsAnAnswerFetchedAcrossAnInvalidation: a fetch that began
// before the chain changed may return the old key; it must not be cached
// after the invalidation.
func TestCacheDropsAnAnswerFetchedAcrossAnInvalidation(t *testing.T) {
	old := testKey("bpp.example.org", "key-1", registry.TypeBPP)
	inner := newFake(old)
	gate := make(chan struct{})
	inner.gate, inner.entered = gate, make(chan struct{}, 1)
	c, _, _ := newTestCache(t, inner, time.Hour)
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		_, err := c.ResolveKey(ctx, old.SubscriberID, "")
		done <- err
	}()
	<-inner.entered // the fetch has begun, and will answer with key-1

	c.Invalidate(old.SubscriberID) // the chain rotated to key-2
	inner.mu.Lock()
	inner.gate, inner.entered = nil, nil
	inner.mu.Unlock()
	inner.set(testKey("bpp.example.org", "key-2", registry.TypeBPP))
	close(gate)
	require.NoError(t, <-done)

	k, err := c.ResolveKey(ctx, old.SubscriberID, "")
	require.NoError(t, err)
	require.Equal(t, "key-2", k.KeyID)
	require.Equal(t, 2, inner.callCount())
}

func TestCacheMakesOneCallForConcurrentMisses(t *testing.T) {
	bpp := testKey("bpp.example.org", "key-1", registry.TypeBPP)
	inner := newFake(bpp)
	gate := make(chan struct{})
	inner.gate, inner.entered = gate, make(chan struct{}, 16)
	c, _, reg := newTestCache(t, inner, time.Hour)
	const callers = 8
	var wg sync.WaitGroup
	results := make(chan registry.Key, callers)
	for range callers {
		wg.Go(func() {
			k, err := c.ResolveKey(context.Background(), bpp.SubscriberID, "key-1")
			if err == nil {
				results <- k
			}
		})
	}
	<-inner.entered
	for metric(reg, "powershare_relay_registry_cache_misses_total", map[string]string{"op": "resolve"}) < callers {
		time.Sleep(time.Millisecond)
	}

	// While the first call is under way, every caller waits for it.
	require.Equal(t, 1, inner.callCount())
	close(gate)
	wg.Wait()
	close(results)
	n := 0
	for k := range results {
		require.Equal(t, bpp, k)
		n++
	}
	require.Equal(t, callers, n)
}

// TestCacheCallerGivingUpLeavesTheFetch: a caller whose context ends
// returns at once; the fetch goes on for the others and is cached.
func TestCacheCallerGivingUpLeavesTheFetch(t *testing.T) {
	bpp := testKey("bpp.example.org", "key-1", registry.TypeBPP)
	inner := newFake(bpp)
	gate := make(chan struct{})
	inner.gate, inner.entered = gate, make(chan struct{}, 1)
	c, _, _ := newTestCache(t, inner, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.ResolveKey(ctx, bpp.SubscriberID, "key-1")
		done <- err
	}()
	<-inner.entered

	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
	close(gate)

	require.Eventually(t, func() bool { k, _ := c.Len(); return k == 1 }, 5*time.Second, time.Millisecond)
	_, err := c.ResolveKey(context.Background(), bpp.SubscriberID, "key-1")
	require.NoError(t, err)
	require.Equal(t, 1, inner.callCount())
}

func TestCacheHandsOutCopies(t *testing.T) {
	bpp := testKey("bpp.example.org", "key-1", registry.TypeBPP)
	c, _, _ := newTestCache(t, newFake(bpp), time.Hour)
	ctx := context.Background()

	k, err := c.ResolveKey(ctx, bpp.SubscriberID, "key-1")
	require.NoError(t, err)
	k.SigningPublicKey[0] = 0xff
	list, err := c.Lookup(ctx, registry.Filter{})
	require.NoError(t, err)
	list[0].SigningPublicKey[0] = 0xff

	again, err := c.ResolveKey(ctx, bpp.SubscriberID, "key-1")
	require.NoError(t, err)
	require.Equal(t, []byte{1, 2, 3}, again.SigningPublicKey)
	list, err = c.Lookup(ctx, registry.Filter{})
	require.NoError(t, err)
	require.Equal(t, []byte{1, 2, 3}, list[0].SigningPublicKey)
}

func TestCacheLookups(t *testing.T) {
	bpp := testKey("bpp.example.org", "key-1", registry.TypeBPP)
	bpp.ValidUntil = t0.Add(30 * time.Second)
	bap := testKey("bap.example.org", "key-1", registry.TypeBAP)
	inner := newFake(bpp, bap)
	c, clk, reg := newTestCache(t, inner, time.Hour)
	ctx := context.Background()

	bpps, err := c.Lookup(ctx, registry.Filter{Type: "bpp"})
	require.NoError(t, err)
	require.Equal(t, []registry.Key{bpp}, bpps)
	_, err = c.Lookup(ctx, registry.Filter{Type: "BPP"})
	require.NoError(t, err)
	require.Equal(t, 1, inner.callCount(), "one filter, however it is spelt")
	require.Equal(t, []registry.Filter{{Type: registry.TypeBPP}}, inner.filters, "the inner registry gets the normalised filter")
	require.Equal(t, 1.0, metric(reg, "powershare_relay_registry_cache_hits_total", map[string]string{"op": "lookup"}))

	none, err := c.Lookup(ctx, registry.Filter{Type: registry.TypeBG})
	require.NoError(t, err)
	require.Empty(t, none)
	require.Equal(t, 2, inner.callCount())

	clk.advance(registry.DefaultNegativeTTL)
	_, err = c.Lookup(ctx, registry.Filter{Type: registry.TypeBG})
	require.NoError(t, err)
	require.Equal(t, 3, inner.callCount(), "an empty answer lives as long as a negative one")

	clk.advance(30*time.Second - registry.DefaultNegativeTTL)
	_, err = c.Lookup(ctx, registry.Filter{Type: registry.TypeBPP})
	require.NoError(t, err)
	require.Equal(t, 4, inner.callCount(), "an answer ends when one of its keys does")

	_, err = c.Lookup(ctx, registry.Filter{Status: "valid"})
	require.ErrorIs(t, err, registry.ErrInvalidFilter)
	require.Equal(t, 4, inner.callCount())
}
