package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// The context as each dialect writes it. Field order is the spec's; empty
// optional fields are left out.
type (
	contextV1 struct {
		Domain        string        `json:"domain,omitempty"`
		Location      *locationJSON `json:"location,omitempty"`
		Action        string        `json:"action"`
		Version       string        `json:"version"`
		BapID         string        `json:"bap_id"`
		BapURI        string        `json:"bap_uri"`
		BppID         string        `json:"bpp_id,omitempty"`
		BppURI        string        `json:"bpp_uri,omitempty"`
		TransactionID string        `json:"transaction_id"`
		MessageID     string        `json:"message_id"`
		Timestamp     string        `json:"timestamp"`
		Key           string        `json:"key,omitempty"`
		TTL           string        `json:"ttl,omitempty"`
	}
	contextV2 struct {
		Domain        string        `json:"domain,omitempty"`
		Location      *locationJSON `json:"location,omitempty"`
		Action        string        `json:"action"`
		Version       string        `json:"version"`
		BapID         string        `json:"bapId"`
		BapURI        string        `json:"bapUri"`
		BppID         string        `json:"bppId,omitempty"`
		BppURI        string        `json:"bppUri,omitempty"`
		TransactionID string        `json:"transactionId"`
		MessageID     string        `json:"messageId"`
		NetworkID     string        `json:"networkId,omitempty"`
		SenderID      string        `json:"senderId,omitempty"`
		ReceiverID    string        `json:"receiverId,omitempty"`
		Timestamp     string        `json:"timestamp"`
		Key           string        `json:"key,omitempty"`
		TTL           string        `json:"ttl,omitempty"`
		Try           bool          `json:"try,omitempty"`
		SchemaContext []string      `json:"schemaContext,omitempty"`
		RequestDigest *digestJSON   `json:"requestDigest,omitempty"`
	}
	locationJSON struct {
		Country *codeJSON `json:"country,omitempty"`
		City    *codeJSON `json:"city,omitempty"`
	}
	codeJSON struct {
		Code string `json:"code"`
	}
	digestJSON struct {
		Digest string `json:"digest"`
	}
)

// marshal writes v without escaping <, > and & (Beckn URLs carry &).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// MarshalJSON writes the context in its dialect's casing: snake_case for
// v1 (which has no place for the v2-only fields, so they are left out),
// camelCase for v2.
func (c Context) MarshalJSON() ([]byte, error) {
	var loc *locationJSON
	if c.Country != "" || c.City != "" {
		loc = &locationJSON{}
		if c.Country != "" {
			loc.Country = &codeJSON{c.Country}
		}
		if c.City != "" {
			loc.City = &codeJSON{c.City}
		}
	}
	ttl := ""
	if c.TTL > 0 {
		ttl = FormatTTL(c.TTL)
	}
	ts := ""
	if !c.Timestamp.IsZero() {
		ts = FormatTimestamp(c.Timestamp)
	}
	switch c.Dialect {
	case V1:
		return marshal(contextV1{
			Domain: c.Domain, Location: loc, Action: c.Action, Version: c.Version,
			BapID: c.BapID, BapURI: c.BapURI, BppID: c.BppID, BppURI: c.BppURI,
			TransactionID: c.TransactionID, MessageID: c.MessageID, Timestamp: ts, Key: c.Key, TTL: ttl,
		})
	case V2:
		var rd *digestJSON
		if c.RequestDigest != "" {
			rd = &digestJSON{c.RequestDigest}
		}
		return marshal(contextV2{
			Domain: c.Domain, Location: loc, Action: c.Action, Version: c.Version,
			BapID: c.BapID, BapURI: c.BapURI, BppID: c.BppID, BppURI: c.BppURI,
			TransactionID: c.TransactionID, MessageID: c.MessageID, NetworkID: c.NetworkID,
			SenderID: c.SenderID, ReceiverID: c.ReceiverID, Timestamp: ts, Key: c.Key, TTL: ttl,
			Try: c.Try, SchemaContext: c.SchemaContext, RequestDigest: rd,
		})
	}
	return nil, fmt.Errorf("context has no dialect (%v): set Dialect to V1 or V2", c.Dialect)
}

// Validate checks the context as Parse checks an inbound one, so that the
// relay never sends what it would refuse.
func (c Context) Validate() error {
	if err := c.checkVersion(); err != nil {
		return err
	}
	if c.Timestamp.IsZero() {
		return errors.New("context has no timestamp")
	}
	raw, err := c.MarshalJSON()
	if err != nil {
		return err
	}
	t, root, syntaxErr, _ := parseJSON(string(raw))
	if syntaxErr != nil {
		return fmt.Errorf("context: %s", syntaxErr.msg)
	}
	if !IsAction(c.Dialect, c.Action) {
		return fmt.Errorf("context.action %q is no action of Beckn %s", c.Action, c.Version)
	}
	ck := &checker{t: t, d: c.Dialect, kind: kindContext}
	ck.readContext(root, c.Action)
	if ck.err != nil {
		return ck.err
	}
	return nil
}

// checkVersion checks that Version belongs to Dialect.
func (c Context) checkVersion() error {
	if !c.Dialect.Valid() {
		return fmt.Errorf("context has no dialect (%v): set Dialect to V1 or V2", c.Dialect)
	}
	if d, ok := DialectOf(c.Version); !ok || d != c.Dialect {
		return fmt.Errorf("context.version %q is not a version of %v (%v)", c.Version, c.Dialect, versions[c.Dialect])
	}
	return nil
}

// Envelope writes the body of an outbound message: the context in its
// dialect's casing and the message as given, byte for byte. It refuses
// what Parse would refuse at the receiver (a context missing what the
// dialect requires, a message without the action's shape), returning the
// *Error that says why.
func Envelope(ctx Context, message json.RawMessage) ([]byte, error) {
	if err := ctx.checkVersion(); err != nil {
		return nil, err
	}
	if ctx.Timestamp.IsZero() {
		return nil, errors.New("context has no timestamp")
	}
	if len(bytes.TrimSpace(message)) == 0 {
		return nil, errors.New("the message is empty: every action carries one")
	}
	head, err := ctx.MarshalJSON()
	if err != nil {
		return nil, err
	}
	body := make([]byte, 0, len(head)+len(message)+len(`{"context":,"message":}`))
	body = append(body, `{"context":`...)
	body = append(body, head...)
	body = append(body, `,"message":`...)
	body = append(body, message...)
	body = append(body, '}')
	if _, perr := Parse(ctx.Action, body); perr != nil {
		return nil, perr
	}
	return body, nil
}
