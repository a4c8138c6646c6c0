package server

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/powershare/powershare/relay/auth"
	"github.com/powershare/powershare/relay/store"
	"github.com/powershare/powershare/relay/wire"
)

// handleBeckn takes one inbound Beckn message. The order matters: the size
// bound before reading, the shape before the signature (the sender's id is
// in the context), the signature before any lookup a stranger could make
// us do, and one store transaction (replay check, message, what it makes
// us send) before the ACK, so that a malformed, unsigned or replayed
// message leaves nothing behind and an acknowledged one is never lost.
func (s *Server) handleBeckn(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	action := r.PathValue("action")
	outcome := "error"
	defer func() {
		s.metrics.requests.WithLabelValues(metricAction(action), outcome).Inc()
		s.metrics.latency.WithLabelValues(metricAction(action)).Observe(time.Since(start).Seconds())
	}()
	dialect := dialectOfAction(action)
	if !knownAction(action) {
		outcome = "nack"
		s.writeNack(w, dialect, &wire.Error{HTTPStatus: http.StatusNotFound, Code: wire.CodeActionNotApplicable, Dialect: dialect,
			Message: "unknown Beckn action " + quote(action) + ": see the actions of core 1.1.1 and 2.0.0"})
		return
	}
	body, nack := s.readBody(w, r)
	if nack != nil {
		outcome = "too_large"
		s.writeNack(w, dialect, nack)
		return
	}
	req, werr := wire.Parse(action, body)
	if werr != nil {
		outcome = "nack"
		s.writeNack(w, werr.Dialect, werr)
		return
	}
	dialect = req.Context.Dialect
	route, werr := s.route(req, r.Header.Get(auth.HeaderGateway) != "")
	if werr != nil {
		outcome = "nack"
		s.writeNack(w, dialect, werr)
		return
	}
	verified, failure := s.opts.Verifier.Verify(r.Context(), r.Header, body, req.Context.Sender())
	if failure != nil {
		outcome = "unauthorized"
		s.writeUnauthorized(w, dialect, failure)
		return
	}
	if werr := senderURIMatches(req, verified.Key.URL); werr != nil {
		outcome = "nack"
		s.writeNack(w, dialect, werr)
		return
	}
	if exp := req.Context.Expires(); !exp.IsZero() && exp.Before(s.now()) {
		outcome = "nack"
		s.writeNack(w, dialect, wire.Rejected(dialect, wire.CodeContextInvalid, pathIn(dialect, "context.ttl"),
			"the message's ttl ended at "+req.Context.Expires().UTC().Format(time.RFC3339)+"; send a fresh message"))
		return
	}
	var gateway string
	if r.Header.Get(auth.HeaderGateway) != "" || route.needsGateway {
		gv, failure := s.opts.Verifier.VerifyGateway(r.Context(), r.Header, body)
		if failure != nil {
			outcome = "unauthorized"
			s.writeUnauthorized(w, dialect, failure)
			return
		}
		gateway = gv.SubscriberID
	}
	items, werr := s.plan(r.Context(), req, route, r.Header)
	if werr != nil {
		outcome = "nack"
		s.writeNack(w, dialect, werr)
		return
	}
	msg := store.Message{Direction: store.DirectionIn, Dialect: int(dialect), Action: action,
		TransactionID: req.Context.TransactionID, MessageID: req.Context.MessageID,
		SenderID: verified.SubscriberID, ReceiverID: s.receiverOf(req), Peer: gateway, Body: body, At: s.now()}
	if err := s.opts.Store.AcceptInbound(r.Context(), msg, s.replayUntil(req), items); err != nil {
		if errors.Is(err, store.ErrReplay) {
			outcome = "replay"
			s.writeNack(w, dialect, wire.Rejected(dialect, wire.CodeInvalidRequest, pathIn(dialect, "context.message_id"),
				"message id "+quote(req.Context.MessageID)+" was already received from "+quote(verified.SubscriberID)+" within its ttl"))
			return
		}
		s.log.Error("storing an inbound message failed", "action", action, "transaction_id", req.Context.TransactionID, "err", err)
		s.writeNack(w, dialect, wire.Internal(dialect, "the relay could not store the message; send it again"))
		return
	}
	if len(items) > 0 {
		s.opts.Kick()
	}
	outcome = "ack"
	s.writeAck(w, req, body)
}

// readBody refuses a body above the limit before reading it when its length
// is declared, and stops reading at the limit when it is not.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, *wire.Error) {
	tooLarge := &wire.Error{HTTPStatus: http.StatusRequestEntityTooLarge, Code: wire.CodeInvalidRequest,
		Message: "the body is larger than this relay's limit of " + itoa(s.opts.MaxBodyBytes) + " bytes"}
	if r.ContentLength > s.opts.MaxBodyBytes {
		return nil, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes))
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return nil, tooLarge
		}
		return nil, &wire.Error{HTTPStatus: http.StatusBadRequest, Code: wire.CodeInvalidRequest, Message: "reading the body failed"}
	}
	return body, nil
}

// replayUntil is when a message id may be used again: the end of the
// message's ttl counted from its timestamp (or from now when the timestamp
// is in the future), never less than the default ttl.
func (s *Server) replayUntil(req *wire.Request) time.Time {
	ttl := req.Context.TTL
	if ttl < s.opts.DefaultTTL {
		ttl = s.opts.DefaultTTL
	}
	from := req.Context.Timestamp
	if now := s.now(); from.IsZero() || from.After(now) {
		from = now
	}
	return from.Add(ttl)
}

func (s *Server) receiverOf(req *wire.Request) string {
	if wire.IsCallback(req.Context.Action) {
		return req.Context.BapID
	}
	return req.Context.BppID
}

func (s *Server) writeAck(w http.ResponseWriter, req *wire.Request, request []byte) {
	status, body := wire.Ack(req.Context.Dialect)
	s.write(w, req.Context.Dialect, status, body, request, req.Context.MessageID)
}

// writeNack answers a refused message; a NACK is counter-signed too in
// 2.0.0, over the request as received (its message id unknown to it).
func (s *Server) writeNack(w http.ResponseWriter, d wire.Dialect, e *wire.Error) {
	e.Dialect = d
	status, body := wire.Nack(d, e)
	s.write(w, d, status, body, nil, "")
}

func (s *Server) writeUnauthorized(w http.ResponseWriter, d wire.Dialect, f *auth.Failure) {
	name, value := f.Challenge()
	w.Header().Set(name, value)
	e := wire.Unauthorized(d, authCode(f.Check), f.Error())
	e.HTTPStatus = f.HTTPStatus()
	s.writeNack(w, d, e)
}

// write sends an ACK or NACK. In 2.0.0 the receiver counter-signs it with
// its own key (the Ack's signature member), so the sender holds proof of
// what was acknowledged for which request.
func (s *Server) write(w http.ResponseWriter, d wire.Dialect, status int, body, request []byte, messageID string) {
	if wire.NeedsCounterSignature(d, status) {
		signed, err := s.counterSign(body, request, messageID)
		if err != nil {
			s.log.Error("counter-signing an ACK failed", "err", err)
		} else {
			body = signed
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (s *Server) counterSign(ack, request []byte, messageID string) ([]byte, error) {
	created := s.now().Unix()
	expires := created + int64(s.opts.DefaultTTL/time.Second)
	sig := s.opts.Signer.SignBytes(wire.CounterSigningString(created, expires, ack, request, messageID))
	cs := wire.CounterSignature{SubscriberID: s.opts.SubscriberID, UniqueKeyID: s.opts.Signer.KeyID(), Algorithm: "ed25519",
		Created: created, Expires: expires, Signature: sig}
	return wire.AttachCounterSignature(ack, cs.String())
}

// authCode is the Beckn error code of a failed signature check.
func authCode(check string) string {
	switch check {
	case auth.CheckAlgorithm:
		return wire.CodeAlgorithmMismatch
	case auth.CheckCreated, auth.CheckExpires, auth.CheckKeyValidity:
		return wire.CodeExpiredSignature
	case auth.CheckUnknownKey, auth.CheckStatus:
		return wire.CodeKeyNotFound
	case auth.CheckSignature, auth.CheckDigest, auth.CheckPQInvalid:
		return wire.CodeInvalidSignature
	case auth.CheckSender:
		return wire.CodeContextInvalid
	}
	return wire.CodeAuthentication
}

// senderURIMatches refuses a message whose sender's uri in the context is
// not the url the registry holds for the sender: callbacks and forwarded
// messages go to that uri, so a signed but false one would make this relay
// post to an address of the sender's choosing.
func senderURIMatches(req *wire.Request, registered string) *wire.Error {
	c := req.Context
	uri, path := c.BapURI, "context.bap_uri"
	if wire.IsCallback(c.Action) {
		uri, path = c.BppURI, "context.bpp_uri"
	}
	if strings.TrimSuffix(uri, "/") == strings.TrimSuffix(registered, "/") {
		return nil
	}
	return wire.Rejected(c.Dialect, wire.CodeContextInvalid, pathIn(c.Dialect, path),
		"the sender's uri "+quote(uri)+" is not its url in the registry "+quote(registered))
}
