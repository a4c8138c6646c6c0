package relay_test

import (
	"net/http"
	"time"

	"github.com/powershare/powershare/relay/store"
	"github.com/powershare/powershare/relay/wire"
)

// A callback queued while its receiver is down survives the sender's own
// restart and arrives, once, when the receiver is back: the outbox is in
// SQLite.
func (s *RelaySuite) TestRestartedRelayDeliversPendingCallbacks() {
	bap, bpp := s.nodes[bapID], s.nodes[bpp1ID]
	s.stop(bap)
	// The BAP's status, sent while its relay is down (as the BAP would from
	// another instance): the BPP's application answers at once, and the
	// answer waits in the BPP's outbox.
	body := s.signedStatus()
	status, _ := s.post(body, func(h http.Header) {
		s.Require().NoError(s.signer(bapID, bap.keys).Sign(h, body, time.Now(), false, false))
	})
	s.Require().Equal(http.StatusOK, status)
	req, werr := wire.Parse("status", body)
	s.Require().Nil(werr)
	s.Eventually(func() bool {
		msgs, err := bpp.running.Store.Messages(s.T().Context(), req.Context.TransactionID)
		s.Require().NoError(err)
		for _, m := range msgs {
			if m.Direction == store.DirectionOut && m.Action == "on_status" {
				return true
			}
		}
		return false
	}, 10*time.Second, 50*time.Millisecond, "the application answered")
	depth, err := bpp.running.Store.OutboxDepth(s.T().Context())
	s.Require().NoError(err)
	s.Require().Positive(depth, "the on_status waits in the outbox")
	s.stop(bpp)
	s.start(bpp)
	s.start(bap)

	got := s.callbacksAtLeast(bap, req.Context.TransactionID, "on_status", 1)
	s.Len(got, 1, "the pending callback arrived once after the restarts")
}
