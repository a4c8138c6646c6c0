package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrClosed is returned by writes after Close.
var ErrClosed = errors.New("store is closed")

// maxGroup bounds how many queued Updates share one transaction, which
// bounds how long a caller waits behind others' work.
const maxGroup = 64

// writeReq is one Update waiting for the writer.
type writeReq struct {
	ctx  context.Context
	fn   func(*Tx) error
	done chan writeResult // buffered: the writer never blocks on a reply
}

type writeResult struct {
	err      error
	panicked bool
	panicVal any
}

// Tx is the write transaction an Update's function runs in. Its methods are
// the building blocks of the Store's own write methods, so a caller can
// combine them atomically (an inbound confirm, its order and its callback;
// in part 2 also the anchoring job).
//
// Tx methods take no context: whether the function starts at all is decided
// by the Update's context, and once started its statements run to the end.
// Interrupting a statement would make SQLite roll back the whole
// transaction, which is shared with other callers' Updates.
type Tx struct {
	ctx context.Context
	tx  *sql.Tx
	st  *statements
}

func (t *Tx) exec(stmt *sql.Stmt, args ...any) (sql.Result, error) {
	return t.tx.StmtContext(t.ctx, stmt).ExecContext(t.ctx, args...)
}

func (t *Tx) query(stmt *sql.Stmt, args ...any) (*sql.Rows, error) {
	return t.tx.StmtContext(t.ctx, stmt).QueryContext(t.ctx, args...)
}

func (t *Tx) queryRow(stmt *sql.Stmt, args ...any) *sql.Row {
	return t.tx.StmtContext(t.ctx, stmt).QueryRowContext(t.ctx, args...)
}

// Update runs fn in a write transaction and returns once that transaction
// has committed (fn's writes are then durable to the configured
// Synchronous level) or has been rolled back (fn's error, or a storage
// error; nothing of fn remains). A panic in fn rolls back fn's writes and
// is re-raised in the caller.
//
// Updates queued while the writer is busy are committed together in one
// transaction, each inside its own savepoint, so one caller's failure never
// undoes another's writes while the cost of a commit is shared ("group
// commit"). fn runs on the writer goroutine: it must only do store work
// through tx, never block on anything else, and never call the Store's own
// write methods (that deadlocks).
//
// ctx bounds the wait for the writer; fn does not start if ctx is done
// first.
func (s *Store) Update(ctx context.Context, fn func(tx *Tx) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan writeResult, 1)}
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return ErrClosed
	}
	select {
	case s.writes <- req:
	case <-ctx.Done():
		s.closeMu.RUnlock()
		return fmt.Errorf("write: waiting for the writer: %w", ctx.Err())
	}
	s.closeMu.RUnlock()
	res := <-req.done
	if res.panicked {
		panic(res.panicVal)
	}
	return res.err
}

// WriteStats counts the writer's work since Open: Updates and the
// transactions that committed them. Updates/Transactions is the mean group
// size, which grows with the number of concurrent writers.
type WriteStats struct {
	Updates, Transactions int64
}

// WriteStats returns the writer's counters.
func (s *Store) WriteStats() WriteStats {
	return WriteStats{Updates: s.updates.Load(), Transactions: s.transactions.Load()}
}

// runWriter is the only user of the write connection: it takes queued
// Updates in arrival order and commits them in groups of up to maxGroup.
// Groups form only from Updates that are already waiting; the writer never
// waits for more to arrive.
func (s *Store) runWriter() {
	defer close(s.writerDone)
	group := make([]*writeReq, 0, maxGroup)
	for req := range s.writes {
		group = append(group[:0], req)
	gather:
		for len(group) < maxGroup {
			select {
			case r, ok := <-s.writes:
				if !ok {
					break gather
				}
				group = append(group, r)
			default:
				break gather
			}
		}
		s.commitGroup(group)
	}
}

// commitGroup runs a group of Updates in one transaction and answers each.
func (s *Store) commitGroup(group []*writeReq) {
	results := make([]writeResult, len(group))
	live := make([]int, 0, len(group))
	for i, r := range group {
		if err := r.ctx.Err(); err != nil {
			results[i].err = fmt.Errorf("write: waiting for the writer: %w", err)
			continue
		}
		live = append(live, i)
	}
	defer func() {
		for i, r := range group {
			r.done <- results[i]
		}
	}()
	if len(live) == 0 {
		return
	}

	// The caller's contexts must not reach SQLite here: a cancelled
	// context interrupts the running statement, and SQLite answers an
	// interrupted write by rolling back the whole transaction, that is
	// every other caller's writes in the group too.
	ctx := context.Background()
	sqlTx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		for _, i := range live {
			results[i].err = fmt.Errorf("begin write transaction: %w", err)
		}
		return
	}
	s.transactions.Add(1)
	s.updates.Add(int64(len(live)))
	tx := &Tx{ctx: ctx, tx: sqlTx, st: s.st}

	// A lone Update needs no savepoint: the transaction is its own.
	if len(live) == 1 {
		i := live[0]
		results[i] = runFn(group[i].fn, tx)
		if results[i].err != nil || results[i].panicked {
			if rbErr := rollback(sqlTx); rbErr != nil {
				results[i].err = errors.Join(results[i].err, rbErr)
			}
			return
		}
		if err := sqlTx.Commit(); err != nil {
			results[i].err = fmt.Errorf("commit: %w", err)
		}
		return
	}

	committed := make([]int, 0, len(live))
	for _, i := range live {
		if _, err := tx.exec(s.st.savepoint); err != nil {
			s.abortGroup(sqlTx, results, live, fmt.Errorf("savepoint: %w", err))
			return
		}
		results[i] = runFn(group[i].fn, tx)
		if results[i].err != nil || results[i].panicked {
			if _, err := tx.exec(s.st.rollbackTo); err != nil {
				// SQLite already rolled the whole transaction back
				// (an I/O error, a full disk): nothing of the group
				// remains.
				s.abortGroup(sqlTx, results, live, fmt.Errorf("roll back to savepoint: %w", err))
				return
			}
		}
		if _, err := tx.exec(s.st.release); err != nil {
			s.abortGroup(sqlTx, results, live, fmt.Errorf("release savepoint: %w", err))
			return
		}
		if results[i].err == nil && !results[i].panicked {
			committed = append(committed, i)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		for _, i := range committed {
			results[i].err = fmt.Errorf("commit: %w", err)
		}
	}
}

// abortGroup rolls the group's transaction back after a failure that
// leaves its savepoints unusable: every Update of the group that had not
// failed by itself fails with cause.
func (s *Store) abortGroup(sqlTx *sql.Tx, results []writeResult, live []int, cause error) {
	cause = errors.Join(cause, rollback(sqlTx))
	for _, i := range live {
		if results[i].err == nil && !results[i].panicked {
			results[i].err = fmt.Errorf("write transaction shared with other writes rolled back: %w", cause)
		}
	}
}

// runFn calls fn, turning a panic into a result for the caller to re-raise.
func runFn(fn func(*Tx) error, tx *Tx) (res writeResult) {
	defer func() {
		if v := recover(); v != nil {
			res = writeResult{panicked: true, panicVal: v}
		}
	}()
	return writeResult{err: fn(tx)}
}

// statements are the writer's prepared statements: parsing SQL is a large
// share of a small write's cost.
type statements struct {
	savepoint, release, rollbackTo *sql.Stmt

	claimReplay, insertMessage, pruneReplay               *sql.Stmt
	enqueue, claimDue, markDelivered, markRetry, markDead *sql.Stmt
	itemStatus, pruneOutbox, putOrder, getOrder           *sql.Stmt
	all                                                   []*sql.Stmt
}

func prepareStatements(ctx context.Context, db *sql.DB) (*statements, error) {
	st := &statements{}
	for _, p := range []struct {
		dst   **sql.Stmt
		query string
	}{
		{&st.savepoint, `SAVEPOINT update_fn`},
		{&st.release, `RELEASE update_fn`},
		{&st.rollbackTo, `ROLLBACK TO update_fn`},
		{&st.claimReplay, sqlClaimReplay},
		{&st.insertMessage, sqlInsertMessage},
		{&st.pruneReplay, sqlPruneReplay},
		{&st.enqueue, sqlEnqueue},
		{&st.claimDue, sqlClaimDue},
		{&st.markDelivered, sqlMarkDelivered},
		{&st.markRetry, sqlMarkRetry},
		{&st.markDead, sqlMarkDead},
		{&st.itemStatus, sqlItemStatus},
		{&st.pruneOutbox, sqlPruneOutbox},
		{&st.putOrder, sqlPutOrder},
		{&st.getOrder, sqlGetOrder},
	} {
		stmt, err := db.PrepareContext(ctx, p.query)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("prepare %q: %w", p.query, err), st.close())
		}
		*p.dst = stmt
		st.all = append(st.all, stmt)
	}
	return st, nil
}

func (st *statements) close() error {
	var errs []error
	for _, stmt := range st.all {
		errs = append(errs, stmt.Close())
	}
	return errors.Join(errs...)
}
