package store_test

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/powershare/powershare/relay/store"
)

func TestReplayWindow(t *testing.T) {
	const ttl = 30 * time.Second
	for _, tc := range []struct {
		name        string
		sender, id  string
		at          time.Time
		wantReplay  bool
		wantStored  int
		wantPending int
	}{
		{name: "same sender and id within ttl", sender: "bap.example", id: "m1", at: t0.Add(ttl - time.Nanosecond), wantReplay: true, wantStored: 1, wantPending: 1},
		{name: "same sender and id at once", sender: "bap.example", id: "m1", at: t0, wantReplay: true, wantStored: 1, wantPending: 1},
		{name: "same sender and id as the window ends", sender: "bap.example", id: "m1", at: t0.Add(ttl), wantStored: 2, wantPending: 2},
		{name: "same sender and id after the window", sender: "bap.example", id: "m1", at: t0.Add(time.Hour), wantStored: 2, wantPending: 2},
		{name: "another sender, same id", sender: "other-bap.example", id: "m1", at: t0.Add(time.Second), wantStored: 2, wantPending: 2},
		{name: "same sender, another id", sender: "bap.example", id: "m2", at: t0.Add(time.Second), wantStored: 2, wantPending: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTemp(t)
			if err := s.AcceptInbound(ctx, inbound("bap.example", "m1"), t0.Add(ttl), []store.OutboxItem{callback("m1")}); err != nil {
				t.Fatal(err)
			}

			m := inbound(tc.sender, tc.id)
			m.At = tc.at
			err := s.AcceptInbound(ctx, m, tc.at.Add(ttl), []store.OutboxItem{callback(tc.id)})
			if got := errors.Is(err, store.ErrReplay); got != tc.wantReplay || (err != nil && !got) {
				t.Fatalf("second accept: %v, want replay %v", err, tc.wantReplay)
			}
			n, c := counts(t, s)
			if n != tc.wantStored || c.Pending != tc.wantPending {
				t.Fatalf("%d messages, %+v; want %d messages, %d pending", n, c, tc.wantStored, tc.wantPending)
			}
		})
	}
}

func TestReusedIDGetsAFreshWindow(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	m := inbound("bap.example", "m1")
	if err := s.AcceptInbound(ctx, m, t0.Add(10*time.Second), nil); err != nil {
		t.Fatal(err)
	}
	m.At = t0.Add(20 * time.Second) // the first window has ended
	if err := s.AcceptInbound(ctx, m, m.At.Add(10*time.Second), nil); err != nil {
		t.Fatalf("reuse after expiry: %v", err)
	}
	m.At = t0.Add(25 * time.Second) // inside the second window
	if err := s.AcceptInbound(ctx, m, m.At.Add(10*time.Second), nil); !errors.Is(err, store.ErrReplay) {
		t.Fatalf("replay inside the renewed window: %v, want ErrReplay", err)
	}
}

func TestAcceptInboundIsAtomic(t *testing.T) {
	ctx := context.Background()
	bad := callback("m2")
	bad.TargetURL = "not a url"
	for _, tc := range []struct {
		name string
		m    store.Message
		then []store.OutboxItem
		want string
	}{
		{name: "replay stores and enqueues nothing", m: inbound("bap.example", "m1"), then: []store.OutboxItem{callback("m1"), callback("m1")}, want: store.ErrReplay.Error()},
		{name: "a bad outbox item rolls the message and replay slot back", m: inbound("bap.example", "m2"), then: []store.OutboxItem{callback("m2"), bad}, want: "target url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t)
			if err := s.AcceptInbound(ctx, inbound("bap.example", "m1"), t0.Add(time.Minute), []store.OutboxItem{callback("m1")}); err != nil {
				t.Fatal(err)
			}
			err := s.AcceptInbound(ctx, tc.m, t0.Add(time.Minute), tc.then)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("accept: %v, want an error mentioning %q", err, tc.want)
			}
			n, c := counts(t, s)
			if n != 1 || c.Pending != 1 {
				t.Fatalf("after the refused accept: %d messages, %+v; want only the first", n, c)
			}
			// The replay slot was not taken by the failed accept: the same
			// message goes through once its outbox items are valid.
			if tc.m.MessageID == "m2" {
				if err := s.AcceptInbound(ctx, tc.m, t0.Add(time.Minute), []store.OutboxItem{callback("m2")}); err != nil {
					t.Fatalf("accept after rollback: %v", err)
				}
			}
		})
	}
}

func TestAcceptInboundRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	good := inbound("bap.example", "m1")
	for _, tc := range []struct {
		name  string
		edit  func(*store.Message)
		until time.Time
		want  string
	}{
		{name: "outbound direction", edit: func(m *store.Message) { m.Direction = store.DirectionOut }, until: t0.Add(time.Minute), want: "direction"},
		{name: "no action", edit: func(m *store.Message) { m.Action = "" }, until: t0.Add(time.Minute), want: "action is empty"},
		{name: "no message id", edit: func(m *store.Message) { m.MessageID = "" }, until: t0.Add(time.Minute), want: "message id is empty"},
		{name: "no sender", edit: func(m *store.Message) { m.SenderID = "" }, until: t0.Add(time.Minute), want: "sender id is empty"},
		{name: "no time", edit: func(m *store.Message) { m.At = time.Time{} }, until: t0.Add(time.Minute), want: "time"},
		{name: "nil body", edit: func(m *store.Message) { m.Body = nil }, until: t0.Add(time.Minute), want: "body"},
		{name: "window already over", edit: func(*store.Message) {}, until: t0, want: "replay window ends"},
		{name: "window in the past", edit: func(*store.Message) {}, until: t0.Add(-time.Second), want: "replay window ends"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := good
			tc.edit(&m)
			err := s.AcceptInbound(ctx, m, tc.until, []store.OutboxItem{callback("m1")})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("accept: %v, want an error mentioning %q", err, tc.want)
			}
			if n, c := counts(t, s); n != 0 || c.Pending != 0 {
				t.Fatalf("refused input stored %d messages, %+v", n, c)
			}
		})
	}
}

func TestPruneReplay(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	for i, ttl := range []time.Duration{time.Second, 2 * time.Second, time.Hour} {
		m := inbound("bap.example", string(rune('a'+i)))
		if err := s.AcceptInbound(ctx, m, t0.Add(ttl), nil); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.PruneReplay(ctx, t0.Add(2*time.Second))
	if err != nil || n != 2 {
		t.Fatalf("prune: %d, %v; want 2", n, err)
	}
	// The live window still refuses; pruning never touches the message log.
	m := inbound("bap.example", "c")
	m.At = t0.Add(3 * time.Second)
	if err := s.AcceptInbound(ctx, m, m.At.Add(time.Minute), nil); !errors.Is(err, store.ErrReplay) {
		t.Fatalf("accept of a live id after pruning: %v, want ErrReplay", err)
	}
	if n, _ := counts(t, s); n != 3 {
		t.Fatalf("%d messages after pruning, want 3", n)
	}
	if n, err := s.PruneReplay(ctx, t0.Add(2*time.Second)); err != nil || n != 0 {
		t.Fatalf("second prune: %d, %v; want 0", n, err)
	}
}

func TestMessageLog(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	in := inbound("bap.example", "m1")
	in.TransactionID = "txn-1"
	in.Body = bytes.Repeat([]byte{0, 0xff, '"'}, 700) // any bytes, kept exactly
	out := store.Message{
		Dialect: 2, Action: "on_confirm", TransactionID: "txn-1", MessageID: "m1",
		SenderID: "bpp.example", ReceiverID: "bap.example", Peer: "http://127.0.0.1:9/beckn",
		Body: []byte(`{"on":"confirm"}`), At: t0.Add(time.Second),
	}
	other := inbound("bap.example", "m9")
	other.TransactionID = "txn-2"
	if err := s.AcceptInbound(ctx, in, t0.Add(time.Minute), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.AcceptInbound(ctx, other, t0.Add(time.Minute), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordOutbound(ctx, out, []store.OutboxItem{callback("m1")}); err != nil {
		t.Fatal(err)
	}

	got, err := s.Messages(ctx, "txn-1")
	if err != nil {
		t.Fatal(err)
	}
	out.Direction = store.DirectionOut
	want := []store.Message{in, out}
	if len(got) != len(want) {
		t.Fatalf("%d messages, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if !bytes.Equal(g.Body, w.Body) || !g.At.Equal(w.At) {
			t.Fatalf("message %d: body or time differ", i)
		}
		g.Body, w.Body, g.At, w.At = nil, nil, time.Time{}, time.Time{}
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("message %d: %+v, want %+v", i, g, w)
		}
	}
	if none, err := s.Messages(ctx, "txn-unknown"); err != nil || len(none) != 0 {
		t.Fatalf("unknown transaction: %v, %v", none, err)
	}
	if n, c := counts(t, s); n != 3 || c.Pending != 1 {
		t.Fatalf("%d messages, %+v", n, c)
	}
}

func TestRecordOutboundRefusesInboundMessages(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if err := s.RecordOutbound(ctx, inbound("bap.example", "m1"), []store.OutboxItem{callback("m1")}); err == nil || !strings.Contains(err.Error(), "direction") {
		t.Fatalf("record: %v, want a direction error", err)
	}
	if n, c := counts(t, s); n != 0 || c.Pending != 0 {
		t.Fatalf("%d messages, %+v", n, c)
	}
}
