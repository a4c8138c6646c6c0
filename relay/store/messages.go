package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Directions of a Message.
const (
	DirectionIn  = "in"
	DirectionOut = "out"
)

// ErrReplay is returned by AcceptInbound when the same sender already sent a
// message with the same message id whose replay window has not ended.
var ErrReplay = errors.New("message id already seen from this sender")

// Message is one Beckn message as received or sent, with its exact body.
type Message struct {
	Direction     string // DirectionIn or DirectionOut
	Dialect       int    // wire.Dialect as an int: the store does not interpret it
	Action        string
	TransactionID string
	MessageID     string
	SenderID      string
	ReceiverID    string
	// Peer is the other side's address as the relay saw it (the remote
	// address of an inbound request, the target URL of an outbound one).
	Peer string
	Body []byte
	// At is when the relay received or sent the message; AcceptInbound
	// also uses it as "now" for the replay check.
	At time.Time
}

func (m Message) validate(direction string) error {
	if m.Direction != direction {
		return fmt.Errorf("direction %q, want %q", m.Direction, direction)
	}
	switch {
	case m.Action == "":
		return errors.New("action is empty")
	case m.MessageID == "":
		return errors.New("message id is empty")
	case m.SenderID == "":
		return errors.New("sender id is empty")
	case m.At.IsZero():
		return errors.New("time (At) is not set")
	case m.Body == nil:
		return errors.New("body is nil")
	}
	return nil
}

// AcceptInbound records an inbound message and enqueues what it causes, in
// one transaction: the replay check on (SenderID, MessageID), the message,
// and the outbox items. A replay (an earlier message with the same key whose
// window ends after m.At) returns an error wrapping ErrReplay and stores
// nothing. replayUntil ends this message's window (the context timestamp
// plus its ttl, or the signature's expiry if later) and must be after m.At:
// a message with no window left is expired and should have been refused
// before this call. Direction may be left empty.
func (s *Store) AcceptInbound(ctx context.Context, m Message, replayUntil time.Time, then []OutboxItem) error {
	return s.Update(ctx, func(tx *Tx) error { return tx.AcceptInbound(m, replayUntil, then) })
}

// AcceptInbound is Store.AcceptInbound inside tx, for a caller that writes
// more in the same transaction (an order and its callback, say).
func (t *Tx) AcceptInbound(m Message, replayUntil time.Time, then []OutboxItem) error {
	if m.Direction == "" {
		m.Direction = DirectionIn
	}
	if err := m.validate(DirectionIn); err != nil {
		return fmt.Errorf("accept inbound message: %w", err)
	}
	if !replayUntil.After(m.At) {
		return fmt.Errorf("accept inbound message %s from %s: replay window ends %s, not after its time %s",
			m.MessageID, m.SenderID, replayUntil.UTC().Format(time.RFC3339Nano), m.At.UTC().Format(time.RFC3339Nano))
	}
	err := t.claimReplay(m.SenderID, m.MessageID, m.At, replayUntil)
	if err == nil {
		err = t.insertMessage(m)
	}
	if err == nil {
		_, err = t.Enqueue(then...)
	}
	if err != nil {
		return fmt.Errorf("accept inbound %s message %s from %s: %w", m.Action, m.MessageID, m.SenderID, err)
	}
	return nil
}

// RecordOutbound logs a message the relay sends and enqueues its deliveries,
// in one transaction, so the log never shows a message that will not go out
// nor the reverse. Direction may be left empty.
func (s *Store) RecordOutbound(ctx context.Context, m Message, deliveries []OutboxItem) error {
	err := s.Update(ctx, func(tx *Tx) error {
		if err := tx.RecordOutbound(m); err != nil {
			return err
		}
		_, err := tx.Enqueue(deliveries...)
		return err
	})
	if err != nil {
		return fmt.Errorf("record outbound %s message %s: %w", m.Action, m.MessageID, err)
	}
	return nil
}

// RecordOutbound logs a message the relay sends, inside tx. Direction may be
// left empty.
func (t *Tx) RecordOutbound(m Message) error {
	if m.Direction == "" {
		m.Direction = DirectionOut
	}
	if err := m.validate(DirectionOut); err != nil {
		return fmt.Errorf("record outbound message: %w", err)
	}
	return t.insertMessage(m)
}

// claimReplay takes the replay slot (sender, message id) until `until`, or
// returns ErrReplay when it is held by a window that ends after now. An
// expired slot is taken over in place, so the id may be used again.
const sqlClaimReplay = `
	INSERT INTO replay (sender_id, message_id, expires_at) VALUES (?, ?, ?)
	ON CONFLICT (sender_id, message_id) DO UPDATE SET expires_at = excluded.expires_at
	WHERE replay.expires_at <= ?`

func (t *Tx) claimReplay(sender, messageID string, now, until time.Time) error {
	res, err := t.exec(t.st.claimReplay, sender, messageID, nanos(until), nanos(now))
	if err != nil {
		return fmt.Errorf("replay check: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("replay check: %w", err)
	}
	if n == 0 {
		return ErrReplay
	}
	return nil
}

const sqlInsertMessage = `
	INSERT INTO messages (direction, dialect, action, transaction_id, message_id, sender_id, receiver_id, peer, body, at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func (t *Tx) insertMessage(m Message) error {
	_, err := t.exec(t.st.insertMessage,
		m.Direction, m.Dialect, m.Action, m.TransactionID, m.MessageID, m.SenderID, m.ReceiverID, m.Peer, m.Body, nanos(m.At))
	if err != nil {
		return fmt.Errorf("insert message: %w", err)
	}
	return nil
}

// defaultPruneBatch bounds how many rows one pruning transaction deletes, so
// that pruning a large backlog never holds the write connection for long.
const defaultPruneBatch = 5000

// PruneReplay deletes replay rows whose window ended at or before now and
// returns how many it deleted. Expired rows already refuse nothing; pruning
// only keeps the table small.
func (s *Store) PruneReplay(ctx context.Context, now time.Time) (int, error) {
	total, err := s.pruneInBatches(ctx, s.st.pruneReplay, nanos(now))
	if err != nil {
		return total, fmt.Errorf("prune replay rows: %w", err)
	}
	return total, nil
}

const sqlPruneReplay = `
	DELETE FROM replay WHERE (sender_id, message_id) IN (
		SELECT sender_id, message_id FROM replay WHERE expires_at <= ? LIMIT ?)`

// pruneInBatches runs a DELETE taking (cutoff, limit) until it deletes fewer
// than a batch, each batch in its own Update so that other writes interleave.
func (s *Store) pruneInBatches(ctx context.Context, stmt *sql.Stmt, cutoff int64) (int, error) {
	total := 0
	for {
		var n int64
		err := s.Update(ctx, func(tx *Tx) error {
			res, err := tx.exec(stmt, cutoff, s.pruneBatch)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil {
			return total, err
		}
		total += int(n)
		if n < int64(s.pruneBatch) {
			return total, nil
		}
	}
}

// Messages returns the messages of one transaction in the order they were
// stored.
func (s *Store) Messages(ctx context.Context, transactionID string) ([]Message, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT direction, dialect, action, transaction_id, message_id, sender_id, receiver_id, peer, body, at
		FROM messages WHERE transaction_id = ? ORDER BY id`, transactionID)
	if err != nil {
		return nil, fmt.Errorf("messages of transaction %s: %w", transactionID, err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var at int64
		if err := rows.Scan(&m.Direction, &m.Dialect, &m.Action, &m.TransactionID, &m.MessageID,
			&m.SenderID, &m.ReceiverID, &m.Peer, &m.Body, &at); err != nil {
			return nil, fmt.Errorf("messages of transaction %s: %w", transactionID, err)
		}
		m.At = fromNanos(at)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("messages of transaction %s: %w", transactionID, err)
	}
	return out, nil
}

// CountMessages returns how many messages the log holds, in both directions.
func (s *Store) CountMessages(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM messages`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count messages: %w", err)
	}
	return n, nil
}

// ErrNoMessage is returned by InboundRequest when no such message was received.
var ErrNoMessage = errors.New("no such message")

// InboundRequest returns the message with this id that the relay received
// in a transaction with this action: what a callback answers.
func (s *Store) InboundRequest(ctx context.Context, transactionID, messageID, action string) (Message, error) {
	var m Message
	var at int64
	err := s.r.QueryRowContext(ctx, `
		SELECT direction, dialect, action, transaction_id, message_id, sender_id, receiver_id, peer, body, at
		FROM messages WHERE transaction_id = ? AND message_id = ? AND action = ? AND direction = 'in'
		ORDER BY id DESC LIMIT 1`, transactionID, messageID, action).Scan(&m.Direction, &m.Dialect, &m.Action,
		&m.TransactionID, &m.MessageID, &m.SenderID, &m.ReceiverID, &m.Peer, &m.Body, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, fmt.Errorf("%s %q of transaction %q: %w", action, messageID, transactionID, ErrNoMessage)
	}
	if err != nil {
		return Message{}, fmt.Errorf("%s %q of transaction %q: %w", action, messageID, transactionID, err)
	}
	m.At = fromNanos(at)
	return m, nil
}
