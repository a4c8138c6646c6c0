package store_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/powershare/powershare/relay/store"
)

func claim(t *testing.T, s *store.Store, now time.Time, limit int, lease time.Duration) []store.OutboxItem {
	t.Helper()
	items, err := s.ClaimDue(context.Background(), now, limit, lease)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	return items
}

func ids(items []store.OutboxItem) []int64 {
	out := []int64{}
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func TestEnqueueAndClaimRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	it := callback("m1")
	it.AsGateway = true
	it.PassHeaders = http.Header{"Authorization": {`Signature keyId="bap|k1|ed25519"`}}
	it.Kind, it.Receiver = store.KindBeckn, "bap.example"
	if err := s.Enqueue(ctx, it); err != nil {
		t.Fatal(err)
	}
	got := claim(t, s, t0, 10, time.Minute)
	if len(got) != 1 {
		t.Fatalf("claimed %d, want 1", len(got))
	}
	want := it
	want.ID, want.Attempts, want.Status, want.NextAttemptAt = got[0].ID, 1, store.StatusPending, t0.Add(time.Minute)
	if !reflect.DeepEqual(got[0], want) {
		t.Fatalf("claimed %+v\nwant    %+v", got[0], want)
	}
	if s := got[0].String(); strings.Contains(s, "context") {
		t.Fatalf("String() shows the body: %s", s)
	}
}

func TestClaimDueOrderLimitAndSchedule(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	later := callback("later")
	later.NextAttemptAt = t0.Add(time.Hour)
	early := callback("early")
	early.NextAttemptAt = t0.Add(-time.Hour)
	if err := s.Enqueue(ctx, callback("a"), later, callback("b"), early, callback("c")); err != nil {
		t.Fatal(err)
	}
	// Items enqueued due at once go first, in enqueue order, then the
	// others by due time; the future one is left alone.
	first := claim(t, s, t0, 2, time.Minute)
	second := claim(t, s, t0, 10, time.Minute)
	if msgs := messageIDs(first); strings.Join(msgs, ",") != "a,b" {
		t.Fatalf("first claim %v, want a,b", msgs)
	}
	if msgs := messageIDs(second); strings.Join(msgs, ",") != "early,c" { // returned in id order
		t.Fatalf("second claim %v, want early,c", msgs)
	}
	if got := claim(t, s, t0, 10, time.Minute); len(got) != 0 {
		t.Fatalf("claimed %v while everything due is leased", ids(got))
	}
	if got := claim(t, s, t0.Add(time.Hour), 1, time.Minute); len(got) != 1 || got[0].MessageID == "" {
		t.Fatalf("at the future item's time: %v", got)
	}
}

func messageIDs(items []store.OutboxItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.MessageID)
	}
	return out
}

func TestLeaseExpiryRedelivers(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if err := s.Enqueue(ctx, callback("m1")); err != nil {
		t.Fatal(err)
	}
	lease := 30 * time.Second
	first := claim(t, s, t0, 10, lease)
	if len(first) != 1 || first[0].Attempts != 1 || !first[0].NextAttemptAt.Equal(t0.Add(lease)) {
		t.Fatalf("first claim %+v", first)
	}
	// The claimer "crashes": nothing is marked. Before the lease ends the
	// item stays claimed; at its end it is due again, as a second attempt.
	if got := claim(t, s, t0.Add(lease-time.Nanosecond), 10, lease); len(got) != 0 {
		t.Fatalf("reclaimed inside the lease: %v", ids(got))
	}
	again := claim(t, s, t0.Add(lease), 10, lease)
	if len(again) != 1 || again[0].ID != first[0].ID || again[0].Attempts != 2 {
		t.Fatalf("after the lease: %+v", again)
	}
	if err := s.MarkDelivered(ctx, again[0].ID, t0.Add(lease+time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, s, t0.Add(24*time.Hour), 10, lease); len(got) != 0 {
		t.Fatalf("a delivered item was claimed: %v", ids(got))
	}
}

func TestMarkTransitions(t *testing.T) {
	ctx := context.Background()
	type step struct {
		op      string // delivered | retry | dead
		wantErr error
	}
	for _, tc := range []struct {
		name       string
		steps      []step
		wantStatus string
	}{
		{name: "deliver", steps: []step{{op: "delivered"}}, wantStatus: store.StatusDelivered},
		{name: "deliver twice is idempotent", steps: []step{{op: "delivered"}, {op: "delivered"}}, wantStatus: store.StatusDelivered},
		{name: "retry then deliver", steps: []step{{op: "retry"}, {op: "delivered"}}, wantStatus: store.StatusDelivered},
		{name: "dead", steps: []step{{op: "dead"}}, wantStatus: store.StatusDead},
		{name: "no retry after delivery", steps: []step{{op: "delivered"}, {op: "retry", wantErr: store.ErrNotPending}}, wantStatus: store.StatusDelivered},
		{name: "no death after delivery", steps: []step{{op: "delivered"}, {op: "dead", wantErr: store.ErrNotPending}}, wantStatus: store.StatusDelivered},
		{name: "no resurrection", steps: []step{{op: "dead"}, {op: "retry", wantErr: store.ErrNotPending}}, wantStatus: store.StatusDead},
		{name: "dead stays dead", steps: []step{{op: "dead"}, {op: "delivered", wantErr: store.ErrNotPending}}, wantStatus: store.StatusDead},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t)
			if err := s.Enqueue(ctx, callback("m1")); err != nil {
				t.Fatal(err)
			}
			id := claim(t, s, t0, 1, time.Minute)[0].ID
			for i, st := range tc.steps {
				var err error
				switch st.op {
				case "delivered":
					err = s.MarkDelivered(ctx, id, t0)
				case "retry":
					err = s.MarkRetry(ctx, id, t0.Add(time.Second), "503 from receiver")
				case "dead":
					err = s.MarkDead(ctx, id, "400 from receiver")
				}
				if !errors.Is(err, st.wantErr) || (st.wantErr == nil && err != nil) {
					t.Fatalf("step %d (%s): %v, want %v", i, st.op, err, st.wantErr)
				}
			}
			it, err := s.OutboxItem(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if it.Status != tc.wantStatus {
				t.Fatalf("status %s, want %s", it.Status, tc.wantStatus)
			}
		})
	}
}

func TestMarkUnknownItem(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	for name, err := range map[string]error{
		"delivered": s.MarkDelivered(ctx, 42, t0),
		"retry":     s.MarkRetry(ctx, 42, t0, "x"),
		"dead":      s.MarkDead(ctx, 42, "x"),
	} {
		if !errors.Is(err, store.ErrNoItem) {
			t.Errorf("mark %s of a missing item: %v, want ErrNoItem", name, err)
		}
	}
	if _, err := s.OutboxItem(ctx, 42); !errors.Is(err, store.ErrNoItem) {
		t.Errorf("outbox item 42: %v, want ErrNoItem", err)
	}
}

func TestMarkRetryReschedulesAndKeepsTheError(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if err := s.Enqueue(ctx, callback("m1")); err != nil {
		t.Fatal(err)
	}
	id := claim(t, s, t0, 1, time.Minute)[0].ID
	long := strings.Repeat("é", 2000) // 4000 bytes, cut on a rune boundary
	if err := s.MarkRetry(ctx, id, t0.Add(5*time.Second), long); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, s, t0.Add(5*time.Second-1), 1, time.Minute); len(got) != 0 {
		t.Fatal("claimed before its retry time")
	}
	got := claim(t, s, t0.Add(5*time.Second), 1, time.Minute)
	if len(got) != 1 || got[0].Attempts != 2 {
		t.Fatalf("retry claim %+v", got)
	}
	if e := got[0].LastError; len(e) > 1024 || len(e) < 1000 || !strings.HasPrefix(long, e) {
		t.Fatalf("last error of %d bytes, want the first ~1 KiB of the message on a rune boundary", len(e))
	}
}

func TestEnqueueRefusesBadItemsAtomically(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		edit func(*store.OutboxItem)
		want string
	}{
		{name: "relative url", edit: func(it *store.OutboxItem) { it.TargetURL = "/beckn/on_search" }, want: "absolute"},
		{name: "other scheme", edit: func(it *store.OutboxItem) { it.TargetURL = "ftp://host/x" }, want: "absolute"},
		{name: "unparsable url", edit: func(it *store.OutboxItem) { it.TargetURL = "http://[::1" }, want: "target url"},
		{name: "no action", edit: func(it *store.OutboxItem) { it.Action = "" }, want: "action"},
		{name: "empty body", edit: func(it *store.OutboxItem) { it.Body = nil }, want: "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t)
			bad := callback("m2")
			tc.edit(&bad)
			err := s.Enqueue(ctx, callback("m1"), bad)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "item 1") {
				t.Fatalf("enqueue: %v, want an error on item 1 mentioning %q", err, tc.want)
			}
			if _, c := counts(t, s); c != (store.OutboxCounts{}) {
				t.Fatalf("outbox after a refused enqueue: %+v", c)
			}
		})
	}
}

func TestClaimDueRefusesBadArguments(t *testing.T) {
	s, _ := openTemp(t)
	if _, err := s.ClaimDue(context.Background(), t0, 0, time.Minute); err == nil {
		t.Error("limit 0 accepted")
	}
	if _, err := s.ClaimDue(context.Background(), t0, 1, 0); err == nil {
		t.Error("lease 0 accepted")
	}
}

func TestOutboxDepthCountsAndPruning(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if err := s.Enqueue(ctx, callback("a"), callback("b"), callback("c"), callback("d")); err != nil {
		t.Fatal(err)
	}
	items := claim(t, s, t0, 3, time.Minute)
	if err := s.MarkDelivered(ctx, items[0].ID, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDelivered(ctx, items[1].ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDead(ctx, items[2].ID, "gone"); err != nil {
		t.Fatal(err)
	}
	depth, err := s.OutboxDepth(ctx)
	if err != nil || depth != 1 {
		t.Fatalf("depth %d, %v; want 1", depth, err)
	}
	if _, c := counts(t, s); c != (store.OutboxCounts{Pending: 1, Delivered: 2, Dead: 1}) {
		t.Fatalf("counts %+v", c)
	}
	n, err := s.PruneOutbox(ctx, t0.Add(time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("prune: %d, %v; want 1 (only the item delivered before the cutoff)", n, err)
	}
	if _, c := counts(t, s); c != (store.OutboxCounts{Pending: 1, Delivered: 1, Dead: 1}) {
		t.Fatalf("counts after pruning %+v", c)
	}
	// Ids are never reused after pruning.
	if err := s.Enqueue(ctx, callback("e")); err != nil {
		t.Fatal(err)
	}
	last := claim(t, s, t0, 10, time.Minute)
	if got := last[len(last)-1].ID; got <= items[2].ID+1 {
		t.Fatalf("new item id %d reuses an old one (last old id %d)", got, items[2].ID+1)
	}
}

func TestRedactedTarget(t *testing.T) {
	it := store.OutboxItem{TargetURL: "https://user:secret@bpp.example:8443/beckn/on_search?token=abc#frag"}
	if got := it.RedactedTarget(); got != "https://bpp.example:8443/beckn/on_search" {
		t.Fatalf("redacted %q", got)
	}
}
