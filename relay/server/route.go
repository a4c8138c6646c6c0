package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/powershare/powershare/relay/auth"
	"github.com/powershare/powershare/relay/registry"
	"github.com/powershare/powershare/relay/store"
	"github.com/powershare/powershare/relay/wire"
)

// A route is what this relay does with an inbound message, decided from
// its action, its context and this relay's roles.
type route int

const (
	// toApplication: a request to this BPP or a callback to this BAP; the
	// operator's application gets it.
	toApplication route = iota + 1
	// fanOut: a search without a BPP at this gateway; every BPP of the
	// domain gets it.
	fanOut
	// backToBAP: a BPP's on_search at this gateway; the BAP gets it.
	backToBAP
)

type routing struct {
	route route
	// needsGateway: the message must carry a gateway's signature too (an
	// on_search forwarded to a BAP that searched through a gateway).
	needsGateway bool
}

// route refuses a message that is not addressed to this relay in a role it
// plays, naming the context field that says where it should have gone.
func (s *Server) route(req *wire.Request, viaGateway bool) (routing, *wire.Error) {
	c := req.Context
	discovery := isDiscovery(c.Action)
	if !wire.IsCallback(c.Action) {
		switch {
		case discovery && c.BppID == "" && s.has(RoleBG):
			return routing{route: fanOut}, nil
		case discovery && c.BppID == "" && viaGateway && s.has(RoleBPP):
			// A search a gateway multicast: the gateway's signature is required.
			return routing{route: toApplication, needsGateway: true}, nil
		case c.BppID == s.opts.SubscriberID && s.has(RoleBPP):
			return routing{route: toApplication}, nil
		case discovery && c.BppID == "":
			return routing{}, notForMe(c.Dialect, "context.bpp_id", "a search without a bpp_id goes to a gateway; this relay is not one")
		default:
			return routing{}, notForMe(c.Dialect, "context.bpp_id", "this relay is BPP "+quote(s.opts.SubscriberID)+"; the message is for "+quote(c.BppID))
		}
	}
	switch {
	case c.BapID == s.opts.SubscriberID && s.has(RoleBAP):
		return routing{route: toApplication}, nil
	case discovery && s.has(RoleBG):
		return routing{route: backToBAP}, nil
	default:
		return routing{}, notForMe(c.Dialect, "context.bap_id", "this relay is "+quote(s.opts.SubscriberID)+"; the callback is for BAP "+quote(c.BapID))
	}
}

func notForMe(d wire.Dialect, path, msg string) *wire.Error {
	return wire.Rejected(d, wire.CodeActionNotApplicable, pathIn(d, path), msg)
}

// plan lists what accepting the message makes the relay send, so that the
// store keeps the message and its consequences in one transaction.
func (s *Server) plan(ctx context.Context, req *wire.Request, r routing, h http.Header) ([]store.OutboxItem, *wire.Error) {
	c := req.Context
	switch r.route {
	case toApplication:
		if s.opts.Webhook == "" {
			return nil, nil
		}
		return []store.OutboxItem{{Kind: store.KindWebhook, TargetURL: s.opts.Webhook, Action: c.Action, Body: req.Raw,
			TransactionID: c.TransactionID, MessageID: c.MessageID}}, nil
	case fanOut:
		return s.fanOutPlan(ctx, req, h)
	case backToBAP:
		bapURI, werr := s.searchedThroughMe(ctx, c)
		if werr != nil {
			return nil, werr
		}
		return []store.OutboxItem{{Kind: store.KindBeckn, TargetURL: endpoint(bapURI, c.Action), Action: c.Action, Body: req.Raw,
			Receiver: c.BapID, AsGateway: true, PassHeaders: passHeaders(h), TransactionID: c.TransactionID, MessageID: c.MessageID}}, nil
	}
	return nil, nil
}

// fanOutPlan forwards a search, byte for byte with the BAP's signature, to
// the subscribed BPPs of its domain (and city, when it names one), at most
// MaxFanOut of them in the registry's order.
func (s *Server) fanOutPlan(ctx context.Context, req *wire.Request, h http.Header) ([]store.OutboxItem, *wire.Error) {
	c := req.Context
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	bpps, err := s.opts.Registry.Lookup(ctx, registry.Filter{Type: string(RoleBPP), Domain: c.Domain, City: c.City, Status: registry.StatusSubscribed})
	if err != nil {
		s.log.Error("gateway registry lookup failed", "domain", c.Domain, "err", err)
		return nil, wire.Internal(c.Dialect, "the gateway could not read the registry; try again")
	}
	items := make([]store.OutboxItem, 0, min(len(bpps), s.opts.MaxFanOut))
	seen := map[string]bool{}
	for _, bpp := range bpps {
		if len(items) == s.opts.MaxFanOut {
			s.log.Warn("gateway fan-out bounded", "domain", c.Domain, "bpps", len(bpps), "max_fan_out", s.opts.MaxFanOut)
			break
		}
		if seen[bpp.SubscriberID] || bpp.SubscriberID == s.opts.SubscriberID {
			continue
		}
		seen[bpp.SubscriberID] = true
		items = append(items, store.OutboxItem{Kind: store.KindBeckn, TargetURL: endpoint(bpp.URL, c.Action), Action: c.Action,
			Body: req.Raw, Receiver: bpp.SubscriberID, AsGateway: true, PassHeaders: passHeaders(h),
			TransactionID: c.TransactionID, MessageID: c.MessageID})
	}
	return items, nil
}

// passHeaders are the sender's own signatures, forwarded unchanged so the
// final receiver verifies the original sender as well as the gateway.
func passHeaders(h http.Header) http.Header {
	out := http.Header{}
	for _, name := range []string{auth.HeaderAuthorization, auth.HeaderCoSignature} {
		if v := h.Get(name); v != "" {
			out.Set(name, v)
		}
	}
	return out
}

// endpoint is where Beckn addresses an action of a subscriber: the action's
// name under the subscriber url.
func endpoint(subscriberURL, action string) string {
	return strings.TrimSuffix(subscriberURL, "/") + "/" + action
}

// searchedThroughMe finds the search this gateway multicast that an
// on_search answers, and returns the bap_uri of that search (checked
// against the registry when it arrived). A callback naming a BAP that
// never searched here, or another address, is refused: the gateway would
// otherwise post signed bodies wherever a BPP chose.
func (s *Server) searchedThroughMe(ctx context.Context, c wire.Context) (string, *wire.Error) {
	search, err := s.opts.Store.InboundRequest(ctx, c.TransactionID, c.MessageID, wire.RequestOf(c.Action))
	if err != nil || search.SenderID != c.BapID {
		return "", wire.Rejected(c.Dialect, wire.CodeContextInvalid, pathIn(c.Dialect, "context.message_id"),
			"no "+wire.RequestOf(c.Action)+" from "+quote(c.BapID)+" with this transaction and message id went through this gateway")
	}
	req, werr := wire.Parse(search.Action, search.Body)
	if werr != nil {
		return "", wire.Internal(c.Dialect, "the stored search no longer parses")
	}
	return req.Context.BapURI, nil
}
