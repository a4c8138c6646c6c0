package registry_test

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/powershare/powershare/relay/registry"
)

// fakeRegistry is an inner Registry that counts its calls: keys by
// "subscriber|key id" ("subscriber|" for the key in force), lookups
// answered with every key that passes the filter's subscriber, type and
// domain. gate, when set, holds every call until it is closed; err, when
// set, is every answer.
type fakeRegistry struct {
	mu      sync.Mutex
	keys    map[string]registry.Key
	err     error
	gate    chan struct{}
	entered chan struct{} // receives once per call, when set
	calls   int
	filters []registry.Filter
}

func newFake(keys ...registry.Key) *fakeRegistry {
	f := &fakeRegistry{keys: map[string]registry.Key{}}
	for _, k := range keys {
		f.keys[k.SubscriberID+"|"+k.KeyID] = k
		f.keys[k.SubscriberID+"|"] = k
	}
	return f
}

func (f *fakeRegistry) enter() error {
	f.mu.Lock()
	f.calls++
	gate, entered, err := f.gate, f.entered, f.err
	f.mu.Unlock()
	if entered != nil {
		entered <- struct{}{}
	}
	if gate != nil {
		<-gate
	}
	return err
}

func (f *fakeRegistry) ResolveKey(_ context.Context, subscriberID, keyID string) (registry.Key, error) {
	if err := f.enter(); err != nil {
		return registry.Key{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	k, ok := f.keys[subscriberID+"|"+keyID]
	if !ok {
		return registry.Key{}, fmt.Errorf("%w: %s %q", registry.ErrNotFound, subscriberID, keyID)
	}
	return k, nil
}

func (f *fakeRegistry) Lookup(_ context.Context, filter registry.Filter) ([]registry.Key, error) {
	if err := f.enter(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.filters = append(f.filters, filter)
	out := []registry.Key{}
	for id, k := range f.keys {
		if id != k.SubscriberID+"|" {
			continue // one entry per participant: its key in force
		}
		if (filter.SubscriberID == "" || k.SubscriberID == filter.SubscriberID) && (filter.Type == "" || k.Type == filter.Type) &&
			(filter.Domain == "" || k.Domain == filter.Domain) {
			out = append(out, k)
		}
	}
	return out, nil
}

func (f *fakeRegistry) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func (f *fakeRegistry) set(k registry.Key) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keys[k.SubscriberID+"|"+k.KeyID] = k
	f.keys[k.SubscriberID+"|"] = k
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var t0 = time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)

func testKey(id, keyID, typ string) registry.Key {
	return registry.Key{
		SubscriberID: id, KeyID: keyID, URL: "https://" + id + "/beckn", Type: typ, Domain: "deg:p2p-trading",
		Country: "IND", City: "std:080", Status: registry.StatusSubscribed,
		SigningPublicKey: []byte{1, 2, 3}, EncrPublicKey: []byte{4, 5, 6},
		ValidFrom: t0.Add(-time.Hour), ValidUntil: t0.Add(365 * 24 * time.Hour),
		Created: t0.Add(-2 * time.Hour), Updated: t0.Add(-time.Hour),
	}
}

// metric reads a counter or gauge with the given labels from reg.
func metric(reg *prometheus.Registry, name string, labels map[string]string) float64 {
	families, err := reg.Gather()
	if err != nil {
		panic(err)
	}
	for _, fam := range families {
		if fam.GetName() != name {
			continue
		}
	next:
		for _, m := range fam.GetMetric() {
			for _, l := range m.GetLabel() {
				if labels[l.GetName()] != l.GetValue() {
					continue next
				}
			}
			if m.Counter != nil {
				return m.Counter.GetValue()
			}
			return m.Gauge.GetValue()
		}
	}
	panic("no metric " + name)
}
