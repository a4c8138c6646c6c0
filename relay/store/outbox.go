package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"
	"unicode/utf8"
)

// Statuses of an OutboxItem.
const (
	StatusPending   = "pending"
	StatusDelivered = "delivered"
	StatusDead      = "dead"
)

// Errors of the Mark methods.
var (
	ErrNoItem     = errors.New("no such outbox item")
	ErrNotPending = errors.New("outbox item is no longer pending")
)

// maxLastError bounds the stored error text of a failed delivery.
const maxLastError = 1024

// OutboxItem is one delivery: a body POSTed to TargetURL, signed when sent.
type OutboxItem struct {
	ID        int64 // set by the store
	TargetURL string
	Action    string
	Body      []byte
	// AsGateway asks the sender to add the gateway signature header.
	AsGateway bool
	// PassHeaders are sent as they are, for example the BAP's original
	// Authorization when a gateway forwards a search.
	PassHeaders http.Header
	// Attempts counts claims: ClaimDue increments it, so an attempt cut
	// short by a crash still counts.
	Attempts int
	// NextAttemptAt is when the item is due. A claimed item carries the
	// end of its lease here: it falls due again then unless marked.
	// Zero on Enqueue means due at once.
	NextAttemptAt time.Time
	LastError     string
	Status        string // StatusPending, StatusDelivered or StatusDead; set by the store
	TransactionID string
	MessageID     string
	// Kind is KindBeckn (the default when empty) or KindWebhook.
	Kind string
	// Receiver is the Beckn subscriber id the item is for, empty for a
	// webhook: the sender co-signs when the receiver has an ML-DSA-65 key.
	Receiver string
}

// The kinds of outbox item.
const (
	// KindBeckn is a Beckn message to another participant, signed when it leaves.
	KindBeckn = "beckn"
	// KindWebhook is a copy of an accepted message for the operator's own
	// application, sent unsigned.
	KindWebhook = "webhook"
)

func (it OutboxItem) kind() string {
	if it.Kind == "" {
		return KindBeckn
	}
	return it.Kind
}

func (it OutboxItem) validate() error {
	u, err := url.Parse(it.TargetURL)
	switch {
	case err != nil:
		return fmt.Errorf("target url %q: %w", it.TargetURL, err)
	case (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Errorf("target url %q: want an absolute http or https url", it.TargetURL)
	case it.Action == "":
		return errors.New("action is empty")
	case len(it.Body) == 0:
		return errors.New("body is empty")
	case it.Kind != "" && it.Kind != KindBeckn && it.Kind != KindWebhook:
		return fmt.Errorf("kind %q: want %q or %q", it.Kind, KindBeckn, KindWebhook)
	}
	return nil
}

// Enqueue adds deliveries to the outbox, all or none.
func (s *Store) Enqueue(ctx context.Context, items ...OutboxItem) error {
	return s.Update(ctx, func(tx *Tx) error {
		_, err := tx.Enqueue(items...)
		return err
	})
}

const sqlEnqueue = `
	INSERT INTO outbox (target_url, action, body, as_gateway, pass_headers, transaction_id, message_id,
	                    status, attempts, next_attempt_at, last_error, created_at, done_at, kind, receiver)
	VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', ?, 0, ?, ?)
	RETURNING id`

// Enqueue adds deliveries to the outbox inside tx and returns their ids.
// ID, Attempts, LastError and Status of the items are ignored: a new item is
// pending with no attempts.
func (t *Tx) Enqueue(items ...OutboxItem) ([]int64, error) {
	ids := make([]int64, 0, len(items))
	now := time.Now().UnixNano()
	for i, it := range items {
		if err := it.validate(); err != nil {
			return nil, fmt.Errorf("enqueue item %d: %w", i, err)
		}
		headers := it.PassHeaders
		if headers == nil {
			headers = http.Header{}
		}
		hj, err := json.Marshal(headers)
		if err != nil {
			return nil, fmt.Errorf("enqueue item %d: headers: %w", i, err)
		}
		var id int64
		err = t.queryRow(t.st.enqueue, it.TargetURL, it.Action, it.Body, it.AsGateway, string(hj),
			it.TransactionID, it.MessageID, nanos(it.NextAttemptAt), now, it.kind(), it.Receiver).Scan(&id)
		if err != nil {
			return nil, fmt.Errorf("enqueue item %d (%s to %s): %w", i, it.Action, it.RedactedTarget(), err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// One statement, hence atomic: no two claims get the same item.
const sqlClaimDue = `
	UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?
	WHERE id IN (
		SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?
		ORDER BY next_attempt_at, id LIMIT ?)
	RETURNING ` + outboxColumns

const outboxColumns = `id, target_url, action, body, as_gateway, pass_headers, attempts, next_attempt_at,
	last_error, status, transaction_id, message_id, kind, receiver`

// ClaimDue claims up to limit pending items due at or before now (items
// enqueued due at once first, in enqueue order, then by due time; returned
// in id order) for lease: each claimed item has its attempt count
// incremented and becomes due again at now+lease, so that if the claimer
// dies before marking it, another claim redelivers it. The lease must
// outlast a delivery (the outbox worker's timeout), or a slow delivery is
// duplicated.
func (s *Store) ClaimDue(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]OutboxItem, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("claim due outbox items: limit %d, want > 0", limit)
	}
	if lease <= 0 {
		return nil, fmt.Errorf("claim due outbox items: lease %s, want > 0", lease)
	}
	var out []OutboxItem
	err := s.Update(ctx, func(tx *Tx) error {
		out = out[:0]
		rows, err := tx.query(tx.st.claimDue, nanos(now.Add(lease)), nanos(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			it, err := scanOutboxItem(rows.Scan)
			if err != nil {
				return err
			}
			out = append(out, it)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("claim due outbox items: %w", err)
	}
	// RETURNING gives no order guarantee; id order is stable for callers.
	slices.SortFunc(out, func(a, b OutboxItem) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

func scanOutboxItem(scan func(dest ...any) error) (OutboxItem, error) {
	var it OutboxItem
	var headers string
	var next int64
	if err := scan(&it.ID, &it.TargetURL, &it.Action, &it.Body, &it.AsGateway, &headers, &it.Attempts,
		&next, &it.LastError, &it.Status, &it.TransactionID, &it.MessageID, &it.Kind, &it.Receiver); err != nil {
		return OutboxItem{}, err
	}
	if err := json.Unmarshal([]byte(headers), &it.PassHeaders); err != nil {
		return OutboxItem{}, fmt.Errorf("item %d headers: %w", it.ID, err)
	}
	it.NextAttemptAt = fromNanos(next)
	return it, nil
}

const (
	sqlMarkDelivered = `UPDATE outbox SET status = 'delivered', done_at = ? WHERE id = ? AND status = 'pending'`
	sqlMarkRetry     = `UPDATE outbox SET next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending'`
	sqlMarkDead      = `UPDATE outbox SET status = 'dead', last_error = ?, done_at = ? WHERE id = ? AND status = 'pending'`
	sqlItemStatus    = `SELECT status FROM outbox WHERE id = ?`
)

// MarkDelivered records a successful delivery at `at`. Marking a delivered
// item again is a no-op; marking a dead one is ErrNotPending.
func (s *Store) MarkDelivered(ctx context.Context, id int64, at time.Time) error {
	err := s.mark(ctx, id, StatusDelivered, s.st.markDelivered, nanos(at), id)
	if err != nil {
		return fmt.Errorf("mark outbox item %d delivered: %w", id, err)
	}
	return nil
}

// MarkRetry makes a pending item due again at next, keeping errMsg as its
// last error.
func (s *Store) MarkRetry(ctx context.Context, id int64, next time.Time, errMsg string) error {
	err := s.mark(ctx, id, "", s.st.markRetry, nanos(next), truncateError(errMsg), id)
	if err != nil {
		return fmt.Errorf("mark outbox item %d for retry: %w", id, err)
	}
	return nil
}

// MarkDead parks a pending item for good with errMsg: it is kept for the
// operator and never retried.
func (s *Store) MarkDead(ctx context.Context, id int64, errMsg string) error {
	err := s.mark(ctx, id, StatusDead, s.st.markDead, truncateError(errMsg), time.Now().UnixNano(), id)
	if err != nil {
		return fmt.Errorf("mark outbox item %d dead: %w", id, err)
	}
	return nil
}

// mark runs an update of one pending item. When it touches nothing, the
// item is missing (ErrNoItem), already in status idempotent (nil), or
// otherwise finished (ErrNotPending).
func (s *Store) mark(ctx context.Context, id int64, idempotent string, stmt *sql.Stmt, args ...any) error {
	return s.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(stmt, args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 1 {
			return nil
		}
		var status string
		err = tx.queryRow(tx.st.itemStatus, id).Scan(&status)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return ErrNoItem
		case err != nil:
			return err
		case status == idempotent:
			return nil
		}
		return fmt.Errorf("%w (it is %s)", ErrNotPending, status)
	})
}

func truncateError(s string) string {
	if len(s) <= maxLastError {
		return s
	}
	cut := maxLastError
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// OutboxItem returns one item by id, whatever its status (ErrNoItem if it
// does not exist): for operators and tests.
func (s *Store) OutboxItem(ctx context.Context, id int64) (OutboxItem, error) {
	it, err := scanOutboxItem(s.r.QueryRowContext(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = ?`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return OutboxItem{}, fmt.Errorf("outbox item %d: %w", id, ErrNoItem)
	}
	if err != nil {
		return OutboxItem{}, fmt.Errorf("outbox item %d: %w", id, err)
	}
	return it, nil
}

// OutboxCounts is how many outbox items are in each status.
type OutboxCounts struct {
	Pending, Delivered, Dead int
}

// OutboxCounts counts the outbox items by status.
func (s *Store) OutboxCounts(ctx context.Context) (OutboxCounts, error) {
	var c OutboxCounts
	err := s.r.QueryRowContext(ctx, `
		SELECT count(*) FILTER (WHERE status = 'pending'),
		       count(*) FILTER (WHERE status = 'delivered'),
		       count(*) FILTER (WHERE status = 'dead')
		FROM outbox`).Scan(&c.Pending, &c.Delivered, &c.Dead)
	if err != nil {
		return OutboxCounts{}, fmt.Errorf("count outbox items: %w", err)
	}
	return c, nil
}

// OutboxDepth returns how many items wait for delivery (pending, claimed or
// not).
func (s *Store) OutboxDepth(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE status = 'pending'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("outbox depth: %w", err)
	}
	return n, nil
}

const sqlPruneOutbox = `
	DELETE FROM outbox WHERE id IN (
		SELECT id FROM outbox WHERE status = 'delivered' AND done_at <= ? LIMIT ?)`

// PruneOutbox deletes delivered items finished at or before `before` and
// returns how many. Dead items are kept for the operator.
func (s *Store) PruneOutbox(ctx context.Context, before time.Time) (int, error) {
	total, err := s.pruneInBatches(ctx, s.st.pruneOutbox, nanos(before))
	if err != nil {
		return total, fmt.Errorf("prune delivered outbox items: %w", err)
	}
	return total, nil
}

// String describes an item for logs without its body or headers.
func (it OutboxItem) String() string {
	return fmt.Sprintf("outbox item %d (%s to %s, attempt %d)", it.ID, it.Action, it.RedactedTarget(), it.Attempts)
}

// RedactedTarget is TargetURL without user info, query and fragment, which
// may carry secrets: the form to log.
func (it OutboxItem) RedactedTarget() string {
	u, err := url.Parse(it.TargetURL)
	if err != nil {
		return "(unparsable url)"
	}
	u.User = nil
	u.RawQuery = ""
	u.Fragment = ""
	return u.String()
}
