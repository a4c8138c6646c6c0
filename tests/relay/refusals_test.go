package relay_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"io"
	"net/http"
	"time"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/auth"
	"github.com/powershare/powershare/relay/store"
	"github.com/powershare/powershare/relay/wire"
	"github.com/powershare/powershare/relay/wire/wiretest"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
)

// signedStatus is a status request from the BAP to BPP 1, new each time.
func (s *RelaySuite) signedStatus() []byte { return s.statusFrom(s.nodes[bapID].cfg.Subscriber.URL) }

// statusFrom is a status request whose bap_uri is bapURI.
func (s *RelaySuite) statusFrom(bapURI string) []byte {
	bap, bpp := s.nodes[bapID], s.nodes[bpp1ID]
	c, err := wire.NewContext(wire.V1, "status", wire.ContextOptions{Version: "1.1.1", Domain: domain,
		BapID: bap.id, BapURI: bapURI, BppID: bpp.id, BppURI: bpp.cfg.Subscriber.URL})
	s.Require().NoError(err)
	body, err := wire.Envelope(c, wiretest.Payload(wire.V1, "status"))
	s.Require().NoError(err)
	return body
}

// post sends body to BPP 1's status endpoint with the headers sign sets,
// and returns the HTTP status and the answer.
func (s *RelaySuite) post(body []byte, sign func(h http.Header)) (int, wire.Response) {
	req, err := http.NewRequest(http.MethodPost, s.nodes[bpp1ID].cfg.Subscriber.URL+"/status", bytes.NewReader(body))
	s.Require().NoError(err)
	req.Header.Set("Content-Type", "application/json")
	sign(req.Header)
	resp, err := http.DefaultClient.Do(req)
	s.Require().NoError(err)
	defer resp.Body.Close()
	reply, err := io.ReadAll(resp.Body)
	s.Require().NoError(err)
	answer, err := wire.ReadResponse(reply)
	s.Require().NoError(err, string(reply))
	return resp.StatusCode, answer
}

func (s *RelaySuite) signer(id string, kf beckn.KeyFile) *auth.Signer {
	sg, err := auth.NewSigner(id, kf, time.Minute)
	s.Require().NoError(err)
	return sg
}

// stored counts the messages BPP 1 received in body's transaction.
func (s *RelaySuite) stored(body []byte) int {
	req, werr := wire.Parse("status", body)
	s.Require().Nil(werr)
	msgs, err := s.nodes[bpp1ID].running.Store.Messages(context.Background(), req.Context.TransactionID)
	s.Require().NoError(err)
	n := 0
	for _, m := range msgs {
		if m.Direction == store.DirectionIn {
			n++
		}
	}
	return n
}

// Every forged, stale, misattributed or replayed message is refused with
// 401 or a NACK, and the BPP stores nothing of it.
func (s *RelaySuite) TestForgedAndReplayedMessagesAreRefused() {
	bap := s.nodes[bapID]
	bapSigner := s.signer(bapID, bap.keys)
	stranger, err := beckn.NewKeyFile("key-1", false)
	s.Require().NoError(err)
	now := time.Now()
	cases := []struct {
		name   string
		body   func() []byte
		sign   func(body []byte) func(http.Header)
		status int
	}{
		{"tampered body", s.signedStatus, func(body []byte) func(http.Header) {
			return func(h http.Header) {
				s.Require().NoError(bapSigner.Sign(h, append([]byte(" "), body...), now, false, false))
			}
		}, http.StatusUnauthorized},
		{"wrong key", s.signedStatus, func(body []byte) func(http.Header) {
			return func(h http.Header) { s.Require().NoError(s.signer(bapID, stranger).Sign(h, body, now, false, false)) }
		}, http.StatusUnauthorized},
		{"expired header", s.signedStatus, func(body []byte) func(http.Header) {
			return func(h http.Header) {
				s.Require().NoError(bapSigner.Sign(h, body, now.Add(-2*time.Hour), false, false))
			}
		}, http.StatusUnauthorized},
		{"sender id mismatch", s.signedStatus, func(body []byte) func(http.Header) {
			return func(h http.Header) {
				s.Require().NoError(s.signer(bpp2ID, s.nodes[bpp2ID].keys).Sign(h, body, now, false, false))
			}
		}, http.StatusUnauthorized},
		{"unregistered sender", s.signedStatus, func(body []byte) func(http.Header) {
			return func(h http.Header) {
				s.Require().NoError(s.signer("bap.nobody.example", stranger).Sign(h, body, now, false, false))
			}
		}, http.StatusUnauthorized},
		{"bap_uri not the registered url", func() []byte { return s.statusFrom("http://127.0.0.1:1/elsewhere") },
			func(body []byte) func(http.Header) {
				return func(h http.Header) { s.Require().NoError(bapSigner.Sign(h, body, now, false, false)) }
			}, http.StatusBadRequest},
		{"no signature", s.signedStatus, func([]byte) func(http.Header) { return func(http.Header) {} }, http.StatusUnauthorized},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			body := tc.body()
			status, answer := s.post(body, tc.sign(body))
			s.Equal(tc.status, status)
			s.False(answer.Acked())
			s.Zero(s.stored(body), "nothing stored")
		})
	}

	s.Run("replayed message id", func() {
		body := s.signedStatus()
		sign := func(h http.Header) { s.Require().NoError(bapSigner.Sign(h, body, time.Now(), false, true)) }
		status, answer := s.post(body, sign)
		s.Require().Equal(http.StatusOK, status)
		s.Require().True(answer.Acked())
		status, answer = s.post(body, sign)
		s.Equal(http.StatusBadRequest, status)
		s.False(answer.Acked())
		s.Equal("context.message_id", answer.Path)
		s.Equal(1, s.stored(body), "the first is stored, the replay not")
	})
}

// A key rotated on chain is honoured at once and the old one refused
// within a block or two: the relay's registry cache follows the chain.
func (s *RelaySuite) TestRotatedKeyIsRefused() {
	bap := s.nodes[bapID]
	old := s.signer(bapID, bap.keys)
	body := s.signedStatus()
	status, _ := s.post(body, func(h http.Header) { s.Require().NoError(old.Sign(h, body, time.Now(), false, false)) })
	s.Require().Equal(http.StatusOK, status, "the key in force is honoured (and cached)")

	next, err := beckn.NewKeyFile("key-2", true)
	s.Require().NoError(err)
	s.ok(relayKey, &beckntypes.MsgRotateKeys{Relay: s.relay.String(), SubscriberId: bapID, KeyId: next.KeyID,
		SigningPublicKey: next.SigningPublicKey, EncrPublicKey: next.EncrPublicKey, MldsaPublicKey: next.MLDSAPublicKey})
	_, err = s.net.WaitForHeightWithTimeout(mustHeight(s)+2, 30*time.Second)
	s.Require().NoError(err)

	body = s.signedStatus()
	status, answer := s.post(body, func(h http.Header) { s.Require().NoError(old.Sign(h, body, time.Now(), false, false)) })
	s.Equal(http.StatusUnauthorized, status, "the rotated-away key is refused: %+v", answer)
	body = s.signedStatus()
	status, _ = s.post(body, func(h http.Header) {
		s.Require().NoError(s.signer(bapID, next).Sign(h, body, time.Now(), false, false))
	})
	s.Equal(http.StatusOK, status, "the new key is honoured")

	// The BAP relay signs with its new key from now on.
	s.stop(bap)
	s.Require().NoError(beckn.WriteKeyFile(bap.home+"/keys-2.json", next))
	bap.cfg.KeyFile, bap.keys = "keys-2.json", next
	s.start(bap)
}

func mustHeight(s *RelaySuite) int64 {
	h, err := s.net.LatestHeight()
	s.Require().NoError(err)
	return h
}

var _ = ed25519.PublicKeySize
