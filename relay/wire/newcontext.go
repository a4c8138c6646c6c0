package wire

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// DefaultTTL is the ttl of the contexts NewContext makes: how long a
// receiver should hold a message, and so how long a replayed message id
// is remembered.
const DefaultTTL = 30 * time.Second

// ContextOptions are what an outbound context says beyond its action.
type ContextOptions struct {
	// Version is the context.version; "" picks the newest of the dialect
	// (1.1.1 or 2.0.0).
	Version string
	// Domain, Country and City place the transaction.
	Domain, Country, City string
	// BapID and BapURI are the BAP's (always required).
	BapID, BapURI string
	// BppID and BppURI are the BPP's; leave both empty for a search or
	// discover sent to a gateway.
	BppID, BppURI string
	// TransactionID continues a transaction; "" starts a new one.
	TransactionID string
	// TTL is how long the message holds; 0 is DefaultTTL.
	TTL time.Duration
	// NetworkID, Try and SchemaContext are the v2 fields of the same name.
	NetworkID     string
	Try           bool
	SchemaContext []string
	// Now is the message's time; the zero time reads the clock.
	Now time.Time
}

// NewContext builds the context of a new outbound message of d: a fresh
// message id (a random UUID), a fresh transaction id unless one is given,
// the time in UTC to the millisecond, and DefaultTTL unless one is given.
// It refuses a context Parse would refuse.
func NewContext(d Dialect, action string, o ContextOptions) (Context, error) {
	if !d.Valid() {
		return Context{}, fmt.Errorf("dialect %v: V1 or V2", d)
	}
	if !IsAction(d, action) {
		return Context{}, fmt.Errorf("%q is no action of %v (%v)", action, d, Actions(d))
	}
	version := o.Version
	if version == "" {
		version = versions[d][0]
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	ttl := o.TTL
	switch {
	case ttl < 0:
		return Context{}, fmt.Errorf("ttl %v is negative", ttl)
	case ttl == 0:
		ttl = DefaultTTL
	}
	txn := o.TransactionID
	if txn == "" {
		txn = uuid.NewString()
	}
	c := Context{
		Dialect: d, Version: version, Action: action,
		Domain: o.Domain, Country: o.Country, City: o.City,
		BapID: o.BapID, BapURI: o.BapURI, BppID: o.BppID, BppURI: o.BppURI,
		TransactionID: txn, MessageID: uuid.NewString(),
		Timestamp: now.UTC().Truncate(time.Millisecond), TTL: ttl,
		NetworkID: o.NetworkID, Try: o.Try, SchemaContext: o.SchemaContext,
	}
	if err := c.Validate(); err != nil {
		return Context{}, err
	}
	return c, nil
}

// CallbackContext is the context of the callback answering r: the same
// transaction and message id (which is how the BAP pairs them), the
// action on_<action>, the answering BPP's id and URI (given, or the
// request's when empty), the time now and the request's ttl. The sender's
// encryption key is not carried over. In v2 it also carries the request's
// requestDigest, binding the callback to the exact request body, and swaps
// senderId and receiverId.
func (r *Request) CallbackContext(bppID, bppURI string, now time.Time) (Context, error) {
	if IsCallback(r.Context.Action) {
		return Context{}, errors.New("a callback is not answered by another callback: " + r.Context.Action)
	}
	c := r.Context
	c.Action = Callback(c.Action)
	if bppID != "" || bppURI != "" {
		c.BppID, c.BppURI = bppID, bppURI
	}
	c.Timestamp = now.UTC().Truncate(time.Millisecond)
	if c.TTL == 0 {
		c.TTL = DefaultTTL
	}
	c.Key = ""
	if c.Dialect == V2 {
		c.RequestDigest = RequestDigest(r.Raw)
		c.SenderID, c.ReceiverID = c.ReceiverID, c.SenderID
		c.SchemaContext = append([]string(nil), c.SchemaContext...)
	} else {
		c.NetworkID, c.Try, c.SchemaContext, c.RequestDigest, c.SenderID, c.ReceiverID = "", false, nil, "", "", ""
	}
	if err := c.Validate(); err != nil {
		return Context{}, err
	}
	return c, nil
}
