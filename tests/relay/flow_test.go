package relay_test

import (
	"context"
	"slices"
	"time"

	"github.com/powershare/powershare/relay/server"
	"github.com/powershare/powershare/relay/store"
	"github.com/powershare/powershare/relay/wire"
)

// callbacks waits until n has received the callback of messageID from
// every one of senders and returns those messages.
func (s *RelaySuite) callbacks(n *node, txID, action, messageID string, senders ...string) []store.Message {
	var got []store.Message
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		msgs, err := n.running.Store.Messages(context.Background(), txID)
		s.Require().NoError(err)
		got = got[:0]
		for _, m := range msgs {
			if m.Direction == store.DirectionIn && m.Action == action && m.MessageID == messageID {
				got = append(got, m)
			}
		}
		var from []string
		for _, m := range got {
			from = append(from, m.SenderID)
		}
		slices.Sort(from)
		if slices.Equal(slices.Compact(from), senders) {
			return got
		}
		select {
		case err := <-s.appErrs:
			s.Require().NoError(err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	s.Require().Failf("callback missing", "%s of %s (transaction %s) from %v: got %d", action, messageID, txID, senders, len(got))
	return nil
}

// A search through the gateway reaches both BPPs, and both catalogs come
// back to the BAP through the gateway; the rest of the transaction goes to
// one BPP, every action answered by its callback, in both versions.
func (s *RelaySuite) TestFullTransactionInBothVersions() {
	for _, tc := range []struct {
		version  string
		discover string
		rest     []string
	}{
		{"1.1.1", "search", []string{"select", "init", "confirm", "status", "track", "update", "cancel", "rating", "support"}},
		{"2.0.0", "discover", []string{"select", "init", "confirm", "status", "track", "update", "cancel", "rate", "support"}},
	} {
		s.Run(tc.version, func() {
			bap := s.nodes[bapID]
			d, _ := wire.DialectOf(tc.version)
			sent, err := postClient(bap, tc.discover, server.ClientRequest{Version: tc.version, Message: payload(d, tc.discover)})
			s.Require().NoError(err)
			catalogs := s.callbacks(bap, sent.TransactionID, wire.Callback(tc.discover), sent.MessageID, bpp1ID, bpp2ID)
			for _, m := range catalogs {
				s.Equal(bgID, m.Peer, "an on_search reaches the BAP through the gateway")
			}
			for _, action := range tc.rest {
				sent, err := postClient(bap, action, server.ClientRequest{Version: tc.version, BppID: bpp1ID,
					TransactionID: sent.TransactionID, Message: payload(d, action)})
				s.Require().NoError(err, action)
				s.callbacks(bap, sent.TransactionID, wire.Callback(action), sent.MessageID, bpp1ID)
			}
		})
	}
}

// callbacksAtLeast waits until n holds at least count inbound messages of
// action in the transaction, and returns them.
func (s *RelaySuite) callbacksAtLeast(n *node, txID, action string, count int) []store.Message {
	var got []store.Message
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		msgs, err := n.running.Store.Messages(context.Background(), txID)
		s.Require().NoError(err)
		got = got[:0]
		for _, m := range msgs {
			if m.Direction == store.DirectionIn && m.Action == action {
				got = append(got, m)
			}
		}
		if len(got) >= count {
			time.Sleep(500 * time.Millisecond) // a duplicate would show up now
			msgs, err = n.running.Store.Messages(context.Background(), txID)
			s.Require().NoError(err)
			got = got[:0]
			for _, m := range msgs {
				if m.Direction == store.DirectionIn && m.Action == action {
					got = append(got, m)
				}
			}
			return got
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.Require().Failf("callbacks missing", "%d %s in transaction %s: got %d", count, action, txID, len(got))
	return nil
}
