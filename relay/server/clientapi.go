package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/powershare/powershare/relay/registry"
	"github.com/powershare/powershare/relay/store"
	"github.com/powershare/powershare/relay/wire"
)

// ClientRequest is what the operator's application posts to the local
// client API to make the relay send a Beckn message: the relay fills in
// the context, signs and delivers it from its outbox.
type ClientRequest struct {
	// Version is context.version; empty means the relay's default.
	Version string `json:"version,omitempty"`
	// Domain, Country, City: empty domain means the relay's own.
	Domain  string `json:"domain,omitempty"`
	Country string `json:"country,omitempty"`
	City    string `json:"city,omitempty"`
	// BppID and BppURI address a request to one BPP; without them a search
	// goes through a gateway. A BppID alone is looked up in the registry.
	BppID  string `json:"bpp_id,omitempty"`
	BppURI string `json:"bpp_uri,omitempty"`
	// TransactionID continues a transaction; empty starts a new one.
	TransactionID string `json:"transaction_id,omitempty"`
	// ReplyTo is, for a callback (on_*), the message id of the request it
	// answers, within TransactionID.
	ReplyTo string `json:"reply_to,omitempty"`
	// TTL is context.ttl; zero means the relay's default.
	TTL Duration `json:"ttl,omitempty"`
	// Message is the action's message object, as the version shapes it.
	Message json.RawMessage `json:"message"`
}

// ClientResponse says what was queued.
type ClientResponse struct {
	TransactionID string   `json:"transaction_id"`
	MessageID     string   `json:"message_id"`
	Targets       []string `json:"targets"`
}

// ClientHandler serves the local client API: POST /client/<action> queues a
// message, GET /client/transactions/<id> lists a transaction's messages in
// and out. It has no authentication of its own: Run serves it on its own
// listener, loopback by default, for the operator's application only.
func (s *Server) ClientHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /client/{action}", s.handleClientSend)
	mux.HandleFunc("GET /client/transactions/{id}", s.handleClientTransaction)
	mux.HandleFunc("GET /health", s.handleHealth)
	return mux
}

func (s *Server) handleClientSend(w http.ResponseWriter, r *http.Request) {
	action := r.PathValue("action")
	var in ClientRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		writeJSONError(w, http.StatusBadRequest, "the body is not a client request: "+err.Error())
		return
	}
	resp, status, err := s.send(r.Context(), action, in)
	if err != nil {
		writeJSONError(w, status, err.Error())
		return
	}
	writeJSON(w, http.StatusAccepted, resp)
}

// send builds, validates and queues one outbound message. The body is
// checked with the same parser receivers use, so the relay never signs
// what a conforming receiver would refuse.
func (s *Server) send(ctx context.Context, action string, in ClientRequest) (ClientResponse, int, error) {
	if !knownAction(action) {
		return ClientResponse{}, http.StatusNotFound, errorf("unknown Beckn action %q", action)
	}
	var (
		c      wire.Context
		target string
		recv   string
		err    error
	)
	if wire.IsCallback(action) {
		c, target, recv, err = s.callbackContext(ctx, action, in)
	} else {
		c, target, recv, err = s.requestContext(ctx, action, in)
	}
	if err != nil {
		if errors.Is(err, errNotFound) {
			return ClientResponse{}, http.StatusNotFound, err
		}
		return ClientResponse{}, http.StatusBadRequest, err
	}
	body, err := wire.Envelope(c, in.Message)
	if err != nil {
		return ClientResponse{}, http.StatusBadRequest, errorf("building the %s body: %v", action, err)
	}
	if _, werr := wire.Parse(action, body); werr != nil {
		return ClientResponse{}, http.StatusBadRequest, errorf("a receiver would refuse this %s: %s (at %s)", action, werr.Message, werr.Path)
	}
	msg := store.Message{Direction: store.DirectionOut, Dialect: int(c.Dialect), Action: action, TransactionID: c.TransactionID,
		MessageID: c.MessageID, SenderID: s.opts.SubscriberID, ReceiverID: recv, Body: body, At: s.now()}
	item := store.OutboxItem{Kind: store.KindBeckn, TargetURL: target, Action: action, Body: body, Receiver: recv,
		TransactionID: c.TransactionID, MessageID: c.MessageID}
	if err := s.opts.Store.RecordOutbound(ctx, msg, []store.OutboxItem{item}); err != nil {
		s.log.Error("queueing an outbound message failed", "action", action, "err", err)
		return ClientResponse{}, http.StatusInternalServerError, errorf("the relay could not queue the message; try again")
	}
	s.opts.Kick()
	return ClientResponse{TransactionID: c.TransactionID, MessageID: c.MessageID, Targets: []string{target}}, 0, nil
}

var errNotFound = errors.New("not found")

// requestContext addresses a request from this BAP: to the named BPP, or
// for a search without one, to a gateway.
func (s *Server) requestContext(ctx context.Context, action string, in ClientRequest) (wire.Context, string, string, error) {
	if !s.has(RoleBAP) {
		return wire.Context{}, "", "", errorf("this relay is not a BAP: it sends no requests (roles %v)", s.opts.Roles)
	}
	version := in.Version
	if version == "" {
		version = s.opts.DefaultVersion
	}
	d, ok := wire.DialectOf(version)
	if !ok {
		return wire.Context{}, "", "", errorf("version %q: this relay speaks 1.1.0, 1.1.1 and 2.0.0", version)
	}
	domain := in.Domain
	if domain == "" {
		domain = s.opts.Domain
	}
	ttl := s.opts.DefaultTTL
	if in.TTL > 0 {
		ttl = time.Duration(in.TTL)
	}
	o := wire.ContextOptions{Version: version, Domain: domain, Country: in.Country, City: in.City,
		BapID: s.opts.SubscriberID, BapURI: s.opts.SubscriberURL, TransactionID: in.TransactionID, TTL: ttl, Now: s.now()}
	target, receiver := "", ""
	if in.BppID == "" {
		if !isDiscovery(action) {
			return wire.Context{}, "", "", errorf("%s needs bpp_id: only a search may go through a gateway", action)
		}
		gw, err := s.gateway(ctx, domain)
		if err != nil {
			return wire.Context{}, "", "", err
		}
		target, receiver = endpoint(gw.URL, action), gw.SubscriberID
	} else {
		o.BppID, o.BppURI = in.BppID, in.BppURI
		if o.BppURI == "" {
			bpp, err := s.participant(ctx, in.BppID)
			if err != nil {
				return wire.Context{}, "", "", err
			}
			o.BppURI = bpp.URL
		}
		target, receiver = endpoint(o.BppURI, action), o.BppID
	}
	c, err := wire.NewContext(d, action, o)
	if err != nil {
		return wire.Context{}, "", "", errorf("building the context: %v", err)
	}
	return c, target, receiver, nil
}

// callbackContext answers a request this BPP received: the request's
// context with this BPP's id and url, sent to the BAP, or back through the
// gateway the search came from.
func (s *Server) callbackContext(ctx context.Context, action string, in ClientRequest) (wire.Context, string, string, error) {
	if !s.has(RoleBPP) {
		return wire.Context{}, "", "", errorf("this relay is not a BPP: it sends no callbacks (roles %v)", s.opts.Roles)
	}
	if in.TransactionID == "" || in.ReplyTo == "" {
		return wire.Context{}, "", "", errorf("a callback needs transaction_id and reply_to: the message id of the request it answers")
	}
	request, err := s.opts.Store.InboundRequest(ctx, in.TransactionID, in.ReplyTo, wire.RequestOf(action))
	if err != nil {
		if errors.Is(err, store.ErrNoMessage) {
			return wire.Context{}, "", "", errorf("%w: no %s with message id %q in transaction %q was received",
				errNotFound, wire.RequestOf(action), in.ReplyTo, in.TransactionID)
		}
		return wire.Context{}, "", "", err
	}
	req, werr := wire.Parse(request.Action, request.Body)
	if werr != nil {
		return wire.Context{}, "", "", errorf("the stored request no longer parses: %s", werr.Message)
	}
	c, err := req.CallbackContext(s.opts.SubscriberID, s.opts.SubscriberURL, s.now())
	if err != nil {
		return wire.Context{}, "", "", errorf("answering %s: %v", request.Action, err)
	}
	if request.Peer != "" && isDiscovery(action) {
		gw, err := s.participant(ctx, request.Peer)
		if err != nil {
			return wire.Context{}, "", "", err
		}
		return c, endpoint(gw.URL, action), gw.SubscriberID, nil
	}
	return c, endpoint(c.BapURI, action), c.BapID, nil
}

// gateway is the gateway a search goes to: the configured one, or the first
// subscribed gateway of the domain.
func (s *Server) gateway(ctx context.Context, domain string) (registry.Key, error) {
	if s.opts.GatewayID != "" {
		return s.participant(ctx, s.opts.GatewayID)
	}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	gws, err := s.opts.Registry.Lookup(ctx, registry.Filter{Type: string(RoleBG), Domain: domain, Status: registry.StatusSubscribed})
	if err != nil {
		return registry.Key{}, errorf("looking up a gateway for domain %q: %v", domain, err)
	}
	if len(gws) == 0 {
		return registry.Key{}, errorf("%w: no subscribed gateway for domain %q; set gateway_id in the config or name a bpp_id", errNotFound, domain)
	}
	return gws[0], nil
}

func (s *Server) participant(ctx context.Context, subscriberID string) (registry.Key, error) {
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	found, err := s.opts.Registry.Lookup(ctx, registry.Filter{SubscriberID: subscriberID, Status: registry.StatusSubscribed})
	if err != nil {
		return registry.Key{}, errorf("looking up %q in the registry: %v", subscriberID, err)
	}
	if len(found) == 0 {
		return registry.Key{}, errorf("%w: %q is not a subscribed participant of the registry", errNotFound, subscriberID)
	}
	return found[0], nil
}

func (s *Server) handleClientTransaction(w http.ResponseWriter, r *http.Request) {
	msgs, err := s.opts.Store.Messages(r.Context(), r.PathValue("id"))
	if err != nil {
		s.log.Error("listing a transaction failed", "err", err)
		writeJSONError(w, http.StatusInternalServerError, "listing the transaction failed")
		return
	}
	out := make([]clientMessage, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, clientMessage{Direction: m.Direction, Action: m.Action, MessageID: m.MessageID,
			Sender: m.SenderID, Receiver: m.ReceiverID, Via: m.Peer, At: m.At.UTC(), Body: json.RawMessage(m.Body)})
	}
	writeJSON(w, http.StatusOK, struct {
		TransactionID string          `json:"transaction_id"`
		Messages      []clientMessage `json:"messages"`
	}{r.PathValue("id"), out})
}

type clientMessage struct {
	Direction string          `json:"direction"`
	Action    string          `json:"action"`
	MessageID string          `json:"message_id"`
	Sender    string          `json:"sender"`
	Receiver  string          `json:"receiver,omitempty"`
	Via       string          `json:"via,omitempty"`
	At        time.Time       `json:"at"`
	Body      json.RawMessage `json:"body"`
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	depth, err := s.opts.Store.OutboxDepth(r.Context())
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unhealthy", "error": "the store does not answer"})
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Status       string `json:"status"`
		SubscriberID string `json:"subscriber_id"`
		OutboxDepth  int    `json:"outbox_depth"`
	}{"ok", s.opts.SubscriberID, depth})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// Duration reads a Go duration string ("30s") in JSON.
type Duration time.Duration

// UnmarshalJSON reads "30s"-style durations.
func (d *Duration) UnmarshalJSON(bz []byte) error {
	var s string
	if err := json.Unmarshal(bz, &s); err != nil {
		return errorf("a duration is a string such as \"30s\"")
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return errorf("duration %q: use a positive Go duration such as \"30s\"", s)
	}
	*d = Duration(v)
	return nil
}
