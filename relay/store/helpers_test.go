package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/powershare/powershare/relay/store"
)

// t0 is the fixed "now" of the tests.
var t0 = time.Unix(1_750_000_000, 0).UTC()

func openTemp(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "relay.db")
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s, path
}

func inbound(sender, messageID string) store.Message {
	return store.Message{
		Direction:     store.DirectionIn,
		Dialect:       1,
		Action:        "confirm",
		TransactionID: "txn-" + messageID,
		MessageID:     messageID,
		SenderID:      sender,
		ReceiverID:    "bpp.example",
		Peer:          "127.0.0.1:5555",
		Body:          []byte(`{"context":{"message_id":"` + messageID + `"}}`),
		At:            t0,
	}
}

func callback(messageID string) store.OutboxItem {
	return store.OutboxItem{
		TargetURL:     "http://127.0.0.1:9/beckn/on_confirm",
		Action:        "on_confirm",
		Body:          []byte(`{"context":{"action":"on_confirm"}}`),
		TransactionID: "txn-" + messageID,
		MessageID:     messageID,
	}
}

func counts(t *testing.T, s *store.Store) (messages int, outbox store.OutboxCounts) {
	t.Helper()
	ctx := context.Background()
	n, err := s.CountMessages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.OutboxCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n, c
}
