package wire

import (
	"time"
)

// Context is a Beckn context read from either dialect and either casing:
// the one form the rest of the relay works with.
type Context struct {
	// Dialect is the generation of Version.
	Dialect Dialect
	// Version is context.version as sent: "1.1.0", "1.1.1" or "2.0.0".
	Version string
	// Action is context.action: a request ("search") or a callback ("on_search").
	Action string
	// Domain is context.domain, such as "energy-trade"; "" if absent.
	Domain string
	// Country and City are context.location.country.code and
	// context.location.city.code; "" if absent.
	Country, City string
	// BapID and BapURI are the BAP's subscriber id and callback URL.
	BapID, BapURI string
	// BppID and BppURI are the BPP's; "" in a search or discover sent
	// through a gateway.
	BppID, BppURI string
	// TransactionID spans a whole transaction; MessageID pairs a request
	// with its callbacks.
	TransactionID, MessageID string
	// Timestamp is when the sender made the message, in UTC.
	Timestamp time.Time
	// TTL is how long after Timestamp the message holds (context.ttl, an
	// ISO 8601 duration such as PT30S); 0 if absent.
	TTL time.Duration
	// Key is the sender's encryption public key, as sent; "" if absent.
	Key string
	// NetworkID is the v2 network ("acmenet.org/charge-net"); "" if absent.
	// It and the fields below are v2's: never set in a v1 context.
	NetworkID string
	// Try is the v2 preview flag: the receiver computes the outcome of an
	// update, cancel, rate or support without committing it.
	Try bool
	// SchemaContext are the v2 JSON-LD context URLs of the message's schemas.
	SchemaContext []string
	// RequestDigest is the v2 requestDigest.digest of a callback:
	// "BLAKE-512=" and the digest of the request it answers; "" if absent.
	RequestDigest string
	// SenderID and ReceiverID are the v2 decentralised identifiers of the
	// two parties, where a network uses them; "" if absent.
	SenderID, ReceiverID string
}

// Sender is the subscriber id that must have signed the message: the BAP
// for a request, the BPP for a callback.
func (c Context) Sender() string {
	if IsCallback(c.Action) {
		return c.BppID
	}
	return c.BapID
}

// Receiver is the subscriber id the message is addressed to: the BPP for a
// request ("" for a search or discover a gateway multicasts), the BAP for
// a callback.
func (c Context) Receiver() string {
	if IsCallback(c.Action) {
		return c.BapID
	}
	return c.BppID
}

// Expires is when the message stops holding: Timestamp plus TTL, or the
// zero time when the context has no ttl.
func (c Context) Expires() time.Time {
	if c.TTL == 0 {
		return time.Time{}
	}
	return c.Timestamp.Add(c.TTL)
}

// spelling holds the accepted spellings of a context field: v1's first for
// a v1 body, v2's first for a v2 body, so a missing field is named as the
// sender's dialect names it.
type spelling [2][]string

func spelled(snake, camel string) spelling {
	return spelling{{snake, camel}, {camel, snake}}
}

func single(name string) spelling { return spelling{{name}, {name}} }

func (s spelling) in(d Dialect) []string {
	if d == V2 {
		return s[1]
	}
	return s[0]
}

// The context fields, in the order they are checked (so the first failure
// reported is always the same for a given body).
var (
	fVersion       = single("version")
	fAction        = single("action")
	fBapID         = spelled("bap_id", "bapId")
	fBapURI        = spelled("bap_uri", "bapUri")
	fBppID         = spelled("bpp_id", "bppId")
	fBppURI        = spelled("bpp_uri", "bppUri")
	fTransactionID = spelled("transaction_id", "transactionId")
	fMessageID     = spelled("message_id", "messageId")
	fTimestamp     = single("timestamp")
	fTTL           = single("ttl")
	fDomain        = single("domain")
	fLocation      = single("location")
	fKey           = single("key")
	fNetworkID     = spelled("network_id", "networkId")
	fTry           = single("try")
	fSchemaContext = spelled("schema_context", "schemaContext")
	fRequestDigest = spelled("request_digest", "requestDigest")
	fSenderID      = spelled("sender_id", "senderId")
	fReceiverID    = spelled("receiver_id", "receiverId")
)

// maxContextMembers bounds the members of a context, each of which every
// field lookup passes over: the spec's fields, extensions and both
// casings fit many times over.
const maxContextMembers = 64

// camelOnly are keys only a camelCase context has: their presence tells a
// v2 sender whose version is missing or unknown.
var camelOnly = []string{"bapId", "bapUri", "bppId", "bppUri", "transactionId", "messageId"}

// readContext reads and checks the context object ctx (at path "context")
// of a body posted to pathAction, in dialect c.d, whose version the
// caller has checked.
func (c *checker) readContext(ctx *value, pathAction string) Context {
	const at = "context"
	d := c.d
	out := Context{Dialect: d}
	if ctx.n > maxContextMembers {
		c.failf(at, "has %d members; a Beckn context has about 20, and more than %d are refused", ctx.n, maxContextMembers)
		return out
	}
	out.Version, _ = c.str(ctx, at, true, fVersion.in(d)...)
	var actionPath string
	out.Action, actionPath = c.str(ctx, at, true, fAction.in(d)...)
	if c.err == nil && out.Action != pathAction {
		c.failf(actionPath, "is %q but the message was posted to /%s: they must be the same action", out.Action, pathAction)
	}
	out.BapID = c.subscriberID(ctx, at, true, fBapID)
	out.BapURI = c.httpURI(ctx, at, true, fBapURI)
	// A search or discover may go to a gateway, which finds the BPPs;
	// every other message, and every callback, has one BPP.
	bppRequired := !isDiscovery(out.Action)
	out.BppID = c.subscriberID(ctx, at, bppRequired, fBppID)
	out.BppURI = c.httpURI(ctx, at, bppRequired, fBppURI)
	if c.err == nil && (out.BppID == "") != (out.BppURI == "") {
		_, path := c.get(ctx, at, fBppURI.in(d)...)
		if out.BppID == "" {
			_, path = c.get(ctx, at, fBppID.in(d)...)
		}
		c.failf(path, "bpp id and bpp uri come together: give both or neither")
	}
	out.TransactionID = c.token(ctx, at, true, fTransactionID)
	out.MessageID = c.token(ctx, at, true, fMessageID)
	ts, tsPath := c.str(ctx, at, true, fTimestamp.in(d)...)
	if c.err == nil {
		var err error
		if out.Timestamp, err = parseTimestamp(ts); err != nil {
			c.failf(tsPath, "%q %s", ts, err.Error())
		}
	}
	if ttl, ttlPath := c.str(ctx, at, false, fTTL.in(d)...); c.err == nil && ttl != "" {
		var err error
		if out.TTL, err = ParseTTL(ttl); err != nil {
			c.failf(ttlPath, "%q is not an ISO 8601 duration such as PT30S: %s", ttl, err.Error())
		}
	}
	out.Domain = c.token(ctx, at, false, fDomain)
	out.Country, out.City = c.location(ctx, at)
	out.Key, _ = c.str(ctx, at, false, fKey.in(d)...)
	if d == V1 {
		// v1 has no place for the v2-only fields: they are not read, so a
		// v1 context means the same whether or not a sender added them.
		return out
	}
	out.NetworkID = c.token(ctx, at, false, fNetworkID)
	out.Try = c.boolean(ctx, at, fTry.in(d)...)
	out.SchemaContext = c.schemaContext(ctx, at)
	out.RequestDigest = c.requestDigest(ctx, at)
	out.SenderID = c.token(ctx, at, false, fSenderID)
	out.ReceiverID = c.token(ctx, at, false, fReceiverID)
	return out
}

func (c *checker) subscriberID(obj *value, at string, required bool, f spelling) string {
	s, path := c.str(obj, at, required, f.in(c.d)...)
	if c.err == nil && s != "" {
		if err := checkSubscriberID(s); err != nil {
			c.failf(path, "%s", err.Error())
		}
	}
	return s
}

func (c *checker) httpURI(obj *value, at string, required bool, f spelling) string {
	s, path := c.str(obj, at, required, f.in(c.d)...)
	if c.err == nil && s != "" {
		if err := checkHTTPURI(s); err != nil {
			c.failf(path, "%q %s", s, err.Error())
		}
	}
	return s
}

func (c *checker) token(obj *value, at string, required bool, f spelling) string {
	s, path := c.str(obj, at, required, f.in(c.d)...)
	if c.err == nil && s != "" {
		if err := checkToken(s); err != nil {
			c.failf(path, "%s", err.Error())
		}
	}
	return s
}

// location reads location.country.code and location.city.code, the only
// parts of a context location the relay routes by.
func (c *checker) location(ctx *value, at string) (country, city string) {
	loc, path := c.object(ctx, at, false, fLocation.in(c.d)...)
	if loc == nil {
		return "", ""
	}
	if co, coPath := c.object(loc, path, false, "country"); co != nil {
		country = c.token(co, coPath, false, single("code"))
	}
	if ci, ciPath := c.object(loc, path, false, "city"); ci != nil {
		city = c.token(ci, ciPath, false, single("code"))
	}
	return country, city
}

func (c *checker) schemaContext(ctx *value, at string) []string {
	arr, path := c.array(ctx, at, false, false, fSchemaContext.in(c.d)...)
	if arr == nil || arr.n == 0 {
		return nil
	}
	out := make([]string, 0, arr.n)
	for i, e := range c.t.elements(arr) {
		el := c.t.node(e)
		p := index(path, i)
		if el.kind != jsonString {
			c.failf(p, "must be a string, not %s", el.kind.name())
			return nil
		}
		s := c.t.text(el)
		if err := checkAbsoluteURI(s); err != nil {
			c.failf(p, "%q %s", s, err.Error())
			return nil
		}
		out = append(out, s)
	}
	return out
}

func (c *checker) requestDigest(ctx *value, at string) string {
	rd, path := c.object(ctx, at, false, fRequestDigest.in(c.d)...)
	if rd == nil {
		return ""
	}
	s, dPath := c.str(rd, path, true, "digest")
	if c.err == nil {
		if err := checkRequestDigest(s); err != nil {
			c.failf(dPath, "%s", err.Error())
		}
	}
	return s
}
