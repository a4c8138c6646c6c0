package relay_test

import (
	"bytes"
	"net/http"
	"time"

	"github.com/powershare/powershare/relay/wire"
)

// A BPP cannot make the gateway carry an on_search for a search that never
// went through it, nor to an address of its choosing.
func (s *RelaySuite) TestGatewayRefusesUnsolicitedOnSearch() {
	bap, bg, bpp := s.nodes[bapID], s.nodes[bgID], s.nodes[bpp1ID]
	c, err := wire.NewContext(wire.V1, "on_search", wire.ContextOptions{Version: "1.1.1", Domain: domain,
		BapID: bap.id, BapURI: "http://127.0.0.1:1/internal", BppID: bpp.id, BppURI: bpp.cfg.Subscriber.URL})
	s.Require().NoError(err)
	body, err := wire.Envelope(c, payload(wire.V1, "on_search"))
	s.Require().NoError(err)
	req, err := http.NewRequest(http.MethodPost, bg.cfg.Subscriber.URL+"/on_search", bytes.NewReader(body))
	s.Require().NoError(err)
	s.Require().NoError(s.signer(bpp.id, bpp.keys).Sign(req.Header, body, time.Now(), false, false))
	resp, err := http.DefaultClient.Do(req)
	s.Require().NoError(err)
	s.Require().NoError(resp.Body.Close())
	s.Equal(http.StatusBadRequest, resp.StatusCode)
	msgs, err := bg.running.Store.Messages(s.T().Context(), c.TransactionID)
	s.Require().NoError(err)
	s.Empty(msgs, "nothing stored, nothing forwarded")
}
