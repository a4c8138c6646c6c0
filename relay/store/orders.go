package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Errors of the order methods.
var (
	ErrNoOrder       = errors.New("no such order")
	ErrOrderConflict = errors.New("order belongs to another transaction or BAP")
)

// Order is the default BPP provider's record of one order: its latest Beckn
// order object as JSON and its state.
type Order struct {
	ID            string
	TransactionID string
	BapID         string
	Dialect       int
	State         string
	Body          json.RawMessage
	// UpdatedAt defaults to the current time when zero on PutOrder.
	UpdatedAt time.Time
}

func (o Order) validate() error {
	switch {
	case o.ID == "":
		return errors.New("order id is empty")
	case o.TransactionID == "":
		return errors.New("transaction id is empty")
	case o.BapID == "":
		return errors.New("bap id is empty")
	case o.State == "":
		return errors.New("state is empty")
	case !json.Valid(o.Body):
		return errors.New("body is not valid JSON")
	}
	return nil
}

// PutOrder creates the order or replaces its state, body and dialect. An
// existing order keeps its transaction and BAP: a write naming others is
// refused with ErrOrderConflict, so one BAP cannot overwrite another's order
// by reusing its id.
func (s *Store) PutOrder(ctx context.Context, o Order) error {
	return s.Update(ctx, func(tx *Tx) error { return tx.PutOrder(o) })
}

const sqlPutOrder = `
	INSERT INTO orders (id, transaction_id, bap_id, dialect, state, body, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (id) DO UPDATE SET dialect = excluded.dialect, state = excluded.state,
		body = excluded.body, updated_at = excluded.updated_at
	WHERE orders.transaction_id = excluded.transaction_id AND orders.bap_id = excluded.bap_id`

// PutOrder is Store.PutOrder inside tx.
func (t *Tx) PutOrder(o Order) error {
	if err := o.validate(); err != nil {
		return fmt.Errorf("put order %q: %w", o.ID, err)
	}
	updated := o.UpdatedAt
	if updated.IsZero() {
		updated = time.Now()
	}
	res, err := t.exec(t.st.putOrder, o.ID, o.TransactionID, o.BapID, o.Dialect, o.State, string(o.Body), nanos(updated), nanos(updated))
	if err != nil {
		return fmt.Errorf("put order %q: %w", o.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("put order %q: %w", o.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("put order %q for transaction %s and BAP %s: %w", o.ID, o.TransactionID, o.BapID, ErrOrderConflict)
	}
	return nil
}

const (
	orderColumns = `id, transaction_id, bap_id, dialect, state, body, updated_at`
	sqlGetOrder  = `SELECT ` + orderColumns + ` FROM orders WHERE id = ?`
)

// GetOrder returns the order with this id, or an error wrapping ErrNoOrder.
func (s *Store) GetOrder(ctx context.Context, id string) (Order, error) {
	return orderResult(id, s.r.QueryRowContext(ctx, sqlGetOrder, id))
}

// GetOrder is Store.GetOrder inside tx: it sees tx's own writes, for a
// read-modify-write of an order's state.
func (t *Tx) GetOrder(id string) (Order, error) {
	return orderResult(id, t.queryRow(t.st.getOrder, id))
}

func scanOrder(scan func(dest ...any) error) (Order, error) {
	var o Order
	var body string
	var updated int64
	if err := scan(&o.ID, &o.TransactionID, &o.BapID, &o.Dialect, &o.State, &body, &updated); err != nil {
		return Order{}, err
	}
	o.Body = json.RawMessage(body)
	o.UpdatedAt = fromNanos(updated)
	return o, nil
}

func orderResult(id string, row *sql.Row) (Order, error) {
	o, err := scanOrder(row.Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, fmt.Errorf("order %q: %w", id, ErrNoOrder)
	}
	if err != nil {
		return Order{}, fmt.Errorf("order %q: %w", id, err)
	}
	return o, nil
}

// OrdersByTransaction returns the orders of one transaction, oldest first.
func (s *Store) OrdersByTransaction(ctx context.Context, transactionID string) ([]Order, error) {
	rows, err := s.r.QueryContext(ctx,
		`SELECT `+orderColumns+` FROM orders WHERE transaction_id = ? ORDER BY created_at, id`, transactionID)
	if err != nil {
		return nil, fmt.Errorf("orders of transaction %s: %w", transactionID, err)
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		o, err := scanOrder(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("orders of transaction %s: %w", transactionID, err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("orders of transaction %s: %w", transactionID, err)
	}
	return out, nil
}
