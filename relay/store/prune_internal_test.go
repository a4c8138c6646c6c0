package store

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func TestPruningRunsInBatches(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "relay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.pruneBatch = 3
	t0 := time.Unix(1_750_000_000, 0)
	const total = 10 // three full batches and a partial one
	err = s.Update(ctx, func(tx *Tx) error {
		for i := range total {
			m := Message{Action: "search", MessageID: strconv.Itoa(i), SenderID: "bap.example", Body: []byte("{}"), At: t0}
			if err := tx.AcceptInbound(m, t0.Add(time.Second), nil); err != nil {
				return err
			}
			if _, err := tx.Enqueue(OutboxItem{TargetURL: "http://127.0.0.1:9/x", Action: "on_search", Body: []byte("{}")}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.PruneReplay(ctx, t0.Add(time.Second)); err != nil || n != total {
		t.Fatalf("prune replay: %d, %v; want %d", n, err, total)
	}
	items, err := s.ClaimDue(ctx, t0, total, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if err := s.MarkDelivered(ctx, it.ID, t0); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.PruneOutbox(ctx, t0); err != nil || n != total {
		t.Fatalf("prune outbox: %d, %v; want %d", n, err, total)
	}
}
