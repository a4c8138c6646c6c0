package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/powershare/powershare/relay/outbox"
	"github.com/powershare/powershare/relay/store"
	"github.com/powershare/powershare/relay/wire"
)

// lookupTimeout bounds one registry lookup made while a sender waits.
const lookupTimeout = 3 * time.Second

// maxReplyBytes bounds what the relay reads of a receiver's ACK or NACK.
const maxReplyBytes = 64 << 10

// Deliverer sends one outbox item. A Beckn message is signed at the moment
// it leaves, never when it was queued, so a retried message carries a fresh
// (created, expires) window; a webhook delivery to the operator's own
// application is not signed.
func (s *Server) Deliverer(client *http.Client) outbox.Deliverer {
	return func(ctx context.Context, item store.OutboxItem) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, item.TargetURL, bytes.NewReader(item.Body))
		if err != nil {
			return outbox.Permanent(fmt.Errorf("outbox item %d: target %q: %w", item.ID, item.TargetURL, err))
		}
		req.Header.Set("Content-Type", "application/json")
		if item.Kind == store.KindBeckn {
			for name, values := range item.PassHeaders {
				req.Header[name] = values
			}
			coSign := s.shouldCoSign(ctx, item.Receiver)
			if err := s.opts.Signer.Sign(req.Header, item.Body, s.now(), item.AsGateway, coSign); err != nil {
				return outbox.Permanent(fmt.Errorf("signing outbox item %d: %w", item.ID, err))
			}
		}
		resp, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("posting %s to %s: %w", item.Action, item.TargetURL, err)
		}
		defer resp.Body.Close()
		reply, _ := io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes))
		return classify(item, resp, reply)
	}
}

// classify turns a receiver's answer into the outbox's verdict: an ACK is
// delivered; a NACK saying the message id was seen, on a retry, means an
// earlier attempt arrived; other answers are retried or dropped as their
// status says.
func classify(item store.OutboxItem, resp *http.Response, reply []byte) error {
	if item.Kind == store.KindWebhook {
		if resp.StatusCode/100 == 2 {
			return nil
		}
		return outbox.HTTPStatus(resp.StatusCode, outbox.ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now()), "webhook")
	}
	answer, err := wire.ReadResponse(reply)
	if err != nil {
		return outbox.HTTPStatus(resp.StatusCode, 0, "an answer that is neither ACK nor NACK")
	}
	if answer.Acked() && resp.StatusCode/100 == 2 {
		return nil
	}
	if item.Attempts > 1 && isReplayNack(answer) {
		return nil
	}
	if resp.StatusCode/100 == 2 {
		return outbox.Permanent(fmt.Errorf("NACK %s: %s", answer.Code, answer.Message))
	}
	return outbox.HTTPStatus(resp.StatusCode, outbox.ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
		"NACK "+answer.Code+": "+answer.Message)
}

// shouldCoSign says whether the receiver registered an ML-DSA-65 key, in
// which case the message also carries a post-quantum co-signature. A
// lookup failure means no co-signature: the Ed25519 signature alone is
// Beckn's rule, and a receiver that requires more will say so.
func (s *Server) shouldCoSign(ctx context.Context, subscriberID string) bool {
	if subscriberID == "" {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	has, err := s.opts.Signer.ShouldCoSign(ctx, s.opts.Registry, subscriberID)
	if err != nil {
		s.log.Warn("registry lookup of a receiver failed; sending without co-signature", "receiver", subscriberID, "err", err)
		return false
	}
	return has
}

// isReplayNack: the receiver refused the message id as already received,
// which is how this relay (and a careful receiver) answers a duplicate.
func isReplayNack(r wire.Response) bool {
	return r.Path == "context.message_id" || r.Path == "context.messageId"
}
