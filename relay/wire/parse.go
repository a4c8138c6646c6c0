package wire

import (
	"encoding/json"
	"strings"
)

// Request is an inbound Beckn message that Parse accepted.
type Request struct {
	// Context is the message's context, normalised.
	Context Context
	// Message is the message member exactly as sent (a slice of Raw); nil
	// for a v1 callback that carries only an error.
	Message json.RawMessage
	// Error is the error member a v1 callback may carry instead of, or
	// beside, its message (a slice of Raw); nil if absent.
	Error json.RawMessage
	// Raw is the whole body as received: what the signature covers and
	// what is stored and forwarded. Message and Error alias it.
	Raw []byte
}

// Parse reads and checks the body of a Beckn message posted to the
// endpoint pathAction (the last segment of the URL path, such as "search"
// or "on_confirm"). It accepts a body only if it is one JSON object,
// without duplicate keys or keys that differ only in case, nested at most
// 64 deep; its context names a version the relay speaks, the action of the
// endpoint, the parties and ids the dialect requires, in snake_case or
// camelCase; and its message has the shape the action's schema requires.
// On refusal the Error says what the NACK says: status, code, JSON path and
// why. Parse never panics, and its work is linear in the body's size:
// callers bound that size before reading.
func Parse(pathAction string, body []byte) (*Request, *Error) {
	text := string(body) // the one copy: keys and values are substrings of it
	t, root, syntaxErr, ambiguous := parseJSON(text)
	if syntaxErr != nil {
		d := guessDialect(text)
		return nil, invalid(d, kindBody, syntaxErr.path, "the body is no valid JSON: %s", syntaxErr.msg)
	}
	if root.kind != jsonObject {
		return nil, invalid(guessDialect(text), kindBody, "", "the body must be a JSON object with context and message, not %s", root.kind.name())
	}
	d := dialectHint(t, root)
	if ambiguous != nil {
		return nil, invalid(d, kindBody, ambiguous.path, "%s", ambiguous.msg)
	}
	c := &checker{t: t, d: d, kind: kindBody}
	ctx, _ := c.object(root, "", true, "context")
	if c.err != nil {
		return nil, c.err
	}
	c.kind = kindContext
	version, versionPath := c.str(ctx, "context", true, "version")
	if c.err != nil {
		return nil, c.err
	}
	c.kind = kindVersion
	if _, ok := DialectOf(version); !ok {
		c.failf(versionPath, "%q is not a version this relay speaks: 1.1.0, 1.1.1 (Beckn core) or 2.0.0 (Beckn 2.0 LTS)", version)
		return nil, c.err
	}
	if !IsAction(d, pathAction) {
		return nil, invalid(d, kindAction, "", "the endpoint %q is no action of Beckn %s (%s and their on_ callbacks)",
			pathAction, version, strings.Join(requestActions[d], ", "))
	}
	c.kind = kindContext
	context := c.readContext(ctx, pathAction)
	if c.err != nil {
		return nil, c.err
	}
	c.kind = kindMessage
	req := &Request{Context: context, Raw: body}
	msg, errVal := c.messageAndError(root, pathAction)
	if c.err != nil {
		return nil, c.err
	}
	if msg != nil {
		shapes := shapesV1
		if d == V2 {
			shapes = shapesV2
		}
		shapes[pathAction](c, msg)
		if c.err != nil {
			return nil, c.err
		}
		req.Message = json.RawMessage(body[msg.start:msg.end])
	}
	if errVal != nil {
		req.Error = json.RawMessage(body[errVal.start:errVal.end])
	}
	return req, nil
}

// messageAndError finds the message and, in a v1 callback, the error. A
// v1 callback may carry an error instead of a message (the schema requires
// only its context); every other body requires the message.
func (c *checker) messageAndError(root *value, action string) (msg, errVal *value) {
	if c.d == V1 && IsCallback(action) {
		errVal, _ = c.object(root, "", false, "error")
		msg, _ = c.object(root, "", errVal == nil, "message")
		return msg, errVal
	}
	msg, _ = c.object(root, "", true, "message")
	return msg, nil
}

// dialectHint is the dialect to judge (and refuse) a body in: that of its
// context.version if known, else v2 if its context is in camelCase, else
// v1.
func dialectHint(t *tree, root *value) Dialect {
	var ctx *value
	for _, m := range t.members(root) {
		if t.key(m) == "context" {
			ctx = t.val(m)
		}
	}
	if ctx == nil || ctx.kind != jsonObject {
		return guessDialect(t.s)
	}
	for _, m := range t.members(ctx) {
		if v := t.val(m); t.key(m) == "version" && v.kind == jsonString {
			if d, ok := DialectOf(t.text(v)); ok {
				return d
			}
		}
	}
	for _, m := range t.members(ctx) {
		for _, k := range camelOnly {
			if t.key(m) == k {
				return V2
			}
		}
	}
	return V1
}

// guessDialect picks the NACK dialect for a body too broken to read: v2 if
// it mentions the v2 version, else v1.
func guessDialect(body string) Dialect {
	if strings.Contains(body, `"2.0.0"`) {
		return V2
	}
	return V1
}
