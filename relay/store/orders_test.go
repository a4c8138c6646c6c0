package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/powershare/powershare/relay/store"
)

func order(id, txn, state string) store.Order {
	return store.Order{
		ID: id, TransactionID: txn, BapID: "bap.example", Dialect: 1, State: state,
		Body: json.RawMessage(`{"id":"` + id + `","status":"` + state + `"}`), UpdatedAt: t0,
	}
}

func TestOrderLifecycle(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	created := order("o1", "txn-1", "CREATED")
	if err := s.PutOrder(ctx, created); err != nil {
		t.Fatal(err)
	}
	active := order("o1", "txn-1", "ACTIVE")
	active.Dialect = 2
	active.UpdatedAt = t0.Add(time.Minute)
	if err := s.PutOrder(ctx, active); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetOrder(ctx, "o1")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != "ACTIVE" || got.Dialect != 2 || !got.UpdatedAt.Equal(active.UpdatedAt) || string(got.Body) != string(active.Body) {
		t.Fatalf("order after update: %+v", got)
	}

	if err := s.PutOrder(ctx, order("o2", "txn-1", "CREATED")); err != nil {
		t.Fatal(err)
	}
	if err := s.PutOrder(ctx, order("o3", "txn-2", "CREATED")); err != nil {
		t.Fatal(err)
	}
	list, err := s.OrdersByTransaction(ctx, "txn-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != "o1" || list[1].ID != "o2" {
		t.Fatalf("orders of txn-1: %+v", list)
	}
	if none, err := s.OrdersByTransaction(ctx, "txn-unknown"); err != nil || len(none) != 0 {
		t.Fatalf("unknown transaction: %v, %v", none, err)
	}
	if _, err := s.GetOrder(ctx, "missing"); !errors.Is(err, store.ErrNoOrder) {
		t.Fatalf("missing order: %v, want ErrNoOrder", err)
	}
}

func TestPutOrderRefusals(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		o       store.Order
		wantErr error
		want    string
	}{
		{name: "another BAP reuses the id", o: func() store.Order { o := order("o1", "txn-1", "CANCELLED"); o.BapID = "intruder.example"; return o }(), wantErr: store.ErrOrderConflict},
		{name: "another transaction reuses the id", o: order("o1", "txn-9", "CANCELLED"), wantErr: store.ErrOrderConflict},
		{name: "no id", o: order("", "txn-1", "CREATED"), want: "order id is empty"},
		{name: "no transaction", o: order("o2", "", "CREATED"), want: "transaction id is empty"},
		{name: "no bap", o: func() store.Order { o := order("o2", "txn-1", "CREATED"); o.BapID = ""; return o }(), want: "bap id is empty"},
		{name: "no state", o: order("o2", "txn-1", ""), want: "state is empty"},
		{name: "body not JSON", o: func() store.Order { o := order("o2", "txn-1", "CREATED"); o.Body = json.RawMessage(`{"id":`); return o }(), want: "not valid JSON"},
		{name: "nil body", o: func() store.Order { o := order("o2", "txn-1", "CREATED"); o.Body = nil; return o }(), want: "not valid JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t)
			first := order("o1", "txn-1", "CREATED")
			if err := s.PutOrder(ctx, first); err != nil {
				t.Fatal(err)
			}
			err := s.PutOrder(ctx, tc.o)
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("put: %v, want %v", err, tc.wantErr)
			}
			if tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("put: %v, want an error mentioning %q", err, tc.want)
			}
			got, err := s.GetOrder(ctx, "o1")
			if err != nil || got.State != "CREATED" || got.BapID != "bap.example" {
				t.Fatalf("the first order changed: %+v, %v", got, err)
			}
			if _, err := s.GetOrder(ctx, "o2"); !errors.Is(err, store.ErrNoOrder) {
				t.Fatalf("a refused order was stored: %v", err)
			}
		})
	}
}

// An order, its callback and the inbound confirm that caused them commit
// together or not at all: the shape part 2's anchoring job slots into.
func TestUpdateCombinesWritesAtomically(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	confirm := inbound("bap.example", "m1")
	write := func(tx *store.Tx) error {
		if err := tx.AcceptInbound(confirm, t0.Add(time.Minute), nil); err != nil {
			return err
		}
		o, err := tx.GetOrder("o1")
		switch {
		case errors.Is(err, store.ErrNoOrder):
			o = order("o1", confirm.TransactionID, "CREATED")
		case err != nil:
			return err
		}
		o.State = "ACTIVE"
		if err := tx.PutOrder(o); err != nil {
			return err
		}
		_, err = tx.Enqueue(callback("m1"))
		return err
	}

	failing := errors.New("provider failed after writing")
	if err := s.Update(ctx, func(tx *store.Tx) error {
		if err := write(tx); err != nil {
			return err
		}
		return failing
	}); !errors.Is(err, failing) {
		t.Fatalf("update: %v", err)
	}
	if n, c := counts(t, s); n != 0 || c.Pending != 0 {
		t.Fatalf("a failed update left %d messages, %+v", n, c)
	}
	if _, err := s.GetOrder(ctx, "o1"); !errors.Is(err, store.ErrNoOrder) {
		t.Fatalf("a failed update left the order: %v", err)
	}

	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("panic not propagated")
			}
		}()
		_ = s.Update(ctx, func(tx *store.Tx) error {
			if err := write(tx); err != nil {
				return err
			}
			panic("provider bug")
		})
	}()
	if n, c := counts(t, s); n != 0 || c.Pending != 0 {
		t.Fatalf("a panicking update left %d messages, %+v", n, c)
	}

	if err := s.Update(ctx, write); err != nil {
		t.Fatal(err)
	}
	if n, c := counts(t, s); n != 1 || c.Pending != 1 {
		t.Fatalf("after the update: %d messages, %+v", n, c)
	}
	if o, err := s.GetOrder(ctx, "o1"); err != nil || o.State != "ACTIVE" {
		t.Fatalf("order %+v, %v", o, err)
	}
	// The same confirm again is a replay: the whole update is refused.
	if err := s.Update(ctx, write); !errors.Is(err, store.ErrReplay) {
		t.Fatalf("repeated update: %v, want ErrReplay", err)
	}
	if n, c := counts(t, s); n != 1 || c.Pending != 1 {
		t.Fatalf("after the replay: %d messages, %+v", n, c)
	}
}
