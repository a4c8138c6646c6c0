package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var wt0 = time.Unix(1_750_000_000, 0).UTC()

func msg(id string) Message {
	return Message{Action: "search", TransactionID: "txn", MessageID: id, SenderID: "bap.example", Body: []byte("{}"), At: wt0}
}

// holdWriter blocks the writer inside an Update until release is called, so
// that Updates queued meanwhile form one group.
func holdWriter(t *testing.T, s *Store) (release func()) {
	t.Helper()
	entered, gate := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.Update(context.Background(), func(*Tx) error {
			close(entered)
			<-gate
			return nil
		})
	}()
	<-entered
	return func() {
		close(gate)
		if err := <-done; err != nil {
			t.Errorf("holding update: %v", err)
		}
	}
}

func waitQueued(t *testing.T, s *Store, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); len(s.writes) < n; {
		if time.Now().After(deadline) {
			t.Fatalf("%d updates queued, want %d", len(s.writes), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func openInternal(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "relay.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// In one group, each Update succeeds or fails on its own: a failing, a
// panicking and a cancelled Update leave the others' writes committed.
func TestGroupedUpdatesAreIndependent(t *testing.T) {
	s := openInternal(t)
	release := holdWriter(t, s)

	failure := errors.New("provider refused")
	cancelled, cancel := context.WithCancel(context.Background())
	type outcome struct {
		err      error
		panicked any
	}
	updates := []struct {
		name string
		ctx  context.Context
		fn   func(*Tx) error
	}{
		{name: "ok1", fn: func(tx *Tx) error { return tx.AcceptInbound(msg("1"), wt0.Add(time.Minute), nil) }},
		{name: "fails", fn: func(tx *Tx) error {
			if err := tx.AcceptInbound(msg("2"), wt0.Add(time.Minute), nil); err != nil {
				return err
			}
			return failure
		}},
		{name: "panics", fn: func(tx *Tx) error {
			if err := tx.AcceptInbound(msg("3"), wt0.Add(time.Minute), nil); err != nil {
				return err
			}
			panic("provider bug")
		}},
		{name: "replays ok1 in the same group", fn: func(tx *Tx) error { return tx.AcceptInbound(msg("1"), wt0.Add(time.Minute), nil) }},
		{name: "cancelled while queued", ctx: cancelled, fn: func(tx *Tx) error { return tx.AcceptInbound(msg("5"), wt0.Add(time.Minute), nil) }},
		{name: "ok2", fn: func(tx *Tx) error { return tx.AcceptInbound(msg("6"), wt0.Add(time.Minute), nil) }},
	}
	results := make([]outcome, len(updates))
	var wg sync.WaitGroup
	before := s.WriteStats()
	for i, u := range updates {
		ctx := u.ctx
		if ctx == nil {
			ctx = context.Background()
		}
		wg.Go(func() {
			defer func() { results[i].panicked = recover() }()
			results[i].err = s.Update(ctx, u.fn)
		})
		waitQueued(t, s, i+1) // queue in order
	}
	cancel()
	release()
	wg.Wait()

	if got := s.WriteStats(); got.Transactions-before.Transactions != 1 || got.Updates-before.Updates != 5 {
		t.Fatalf("write stats went from %+v to %+v: want one transaction for the five live updates", before, got)
	}
	check := func(i int, ok bool) {
		t.Helper()
		r := results[i]
		if ok != (r.err == nil && r.panicked == nil) {
			t.Errorf("%s: err %v, panic %v", updates[i].name, r.err, r.panicked)
		}
	}
	check(0, true)
	check(1, false)
	check(2, false)
	check(3, false)
	check(4, false)
	check(5, true)
	if !errors.Is(results[1].err, failure) {
		t.Errorf("fails: %v", results[1].err)
	}
	if results[2].panicked != "provider bug" {
		t.Errorf("panics: re-raised %v", results[2].panicked)
	}
	if !errors.Is(results[3].err, ErrReplay) {
		t.Errorf("replay: %v", results[3].err)
	}
	if !errors.Is(results[4].err, context.Canceled) {
		t.Errorf("cancelled: %v", results[4].err)
	}
	msgs, err := s.Messages(context.Background(), "txn")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range msgs {
		got = append(got, m.MessageID)
	}
	if strings.Join(got, ",") != "1,6" {
		t.Fatalf("stored %v, want the two successful updates only", got)
	}
}

// When SQLite itself abandons the group's transaction (as it does on an I/O
// error or a full disk), no Update of the group reports success.
func TestGroupLostTransactionFailsEveryUpdate(t *testing.T) {
	s := openInternal(t)
	release := holdWriter(t, s)
	errs := make([]error, 3)
	var wg sync.WaitGroup
	fns := []func(*Tx) error{
		func(tx *Tx) error { return tx.AcceptInbound(msg("1"), wt0.Add(time.Minute), nil) },
		func(tx *Tx) error {
			// What SQLite does by itself after SQLITE_FULL or SQLITE_IOERR.
			_, err := tx.tx.ExecContext(tx.ctx, "ROLLBACK")
			return err
		},
		func(tx *Tx) error { return tx.AcceptInbound(msg("3"), wt0.Add(time.Minute), nil) },
	}
	for i, fn := range fns {
		wg.Go(func() { errs[i] = s.Update(context.Background(), fn) })
		waitQueued(t, s, i+1)
	}
	release()
	wg.Wait()
	for i, err := range errs {
		if err == nil {
			t.Errorf("update %d succeeded in a lost transaction", i)
		}
	}
	if n, err := s.CountMessages(context.Background()); err != nil || n != 0 {
		t.Fatalf("%d messages stored, %v", n, err)
	}
	// The writer carries on.
	if err := s.AcceptInbound(context.Background(), msg("4"), wt0.Add(time.Minute), nil); err != nil {
		t.Fatalf("accept after the lost group: %v", err)
	}
}

func TestUpdateAfterCloseAndWithDoneContext(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "relay.db"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Update(ctx, func(*Tx) error { t.Error("ran with a done context"); return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("update with a done context: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(context.Background(), func(*Tx) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Fatalf("update after close: %v, want ErrClosed", err)
	}
}

// Close waits for Updates already handed to the writer.
func TestCloseDrainsQueuedUpdates(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "relay.db"))
	if err != nil {
		t.Fatal(err)
	}
	release := holdWriter(t, s)
	var wg sync.WaitGroup
	errs := make([]error, 5)
	for i := range errs {
		wg.Go(func() {
			errs[i] = s.AcceptInbound(context.Background(), msg(string(rune('a'+i))), wt0.Add(time.Minute), nil)
		})
	}
	waitQueued(t, s, len(errs))
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	release()
	wg.Wait()
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	for i, err := range errs {
		if err != nil {
			t.Errorf("queued update %d: %v", i, err)
		}
	}
	s2, err := Open(context.Background(), s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n, err := s2.CountMessages(context.Background()); err != nil || n != len(errs) {
		t.Fatalf("%d messages after close and reopen, %v", n, err)
	}
}
