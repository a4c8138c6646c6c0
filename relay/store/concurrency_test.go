package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/powershare/powershare/relay/store"
)

// Many handlers accept at once, some racing with the same message id from
// the same sender: exactly one of each race wins, and every accepted
// message has its outbox item.
func TestConcurrentAccepts(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	const (
		workers   = 16
		perWorker = 40
		shared    = 10 // ids every worker sends
	)
	var accepted, replays atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				id := fmt.Sprintf("w%d-m%d", w, i)
				if i < shared {
					id = fmt.Sprintf("shared-%d", i)
				}
				err := s.AcceptInbound(ctx, inbound("bap.example", id), t0.Add(time.Minute), []store.OutboxItem{callback(id)})
				switch {
				case err == nil:
					accepted.Add(1)
				case errors.Is(err, store.ErrReplay):
					replays.Add(1)
				default:
					errs <- err
					return
				}
				// Readers run alongside the writers.
				if _, err := s.Messages(ctx, "txn-"+id); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	wantAccepted := int64(shared + workers*(perWorker-shared))
	if accepted.Load() != wantAccepted || replays.Load() != int64(workers*perWorker)-wantAccepted {
		t.Fatalf("accepted %d, replays %d; want %d accepted", accepted.Load(), replays.Load(), wantAccepted)
	}
	n, c := counts(t, s)
	if int64(n) != wantAccepted || int64(c.Pending) != wantAccepted {
		t.Fatalf("%d messages, %+v; want %d of each", n, c, wantAccepted)
	}
}

// Concurrent claimers never get the same item.
func TestConcurrentClaimsAreDisjoint(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	const items = 200
	batch := make([]store.OutboxItem, items)
	for i := range batch {
		batch[i] = callback(fmt.Sprint(i))
	}
	if err := s.Enqueue(ctx, batch...); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				got, err := s.ClaimDue(ctx, t0, 7, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, it := range got {
					seen[it.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != items {
		t.Fatalf("claimed %d distinct items, want %d", len(seen), items)
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("item %d claimed %d times", id, n)
		}
	}
}
