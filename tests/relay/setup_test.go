// Package relay_test runs powershare-relays against each other on loopback
// over an in-process chain: a BAP, a gateway and two BPPs, subscribed and
// approved on chain, speaking Beckn 1.1.1 and 2.0.0 with every message
// signed and verified against the chain's registry.
package relay_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/suite"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/config"
	"github.com/powershare/powershare/relay/server"
	"github.com/powershare/powershare/relay/wire"
	"github.com/powershare/powershare/relay/wire/wiretest"
	"github.com/powershare/powershare/testutil/network"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

const (
	bapID    = "bap.buyers.example"
	bgID     = "bg.powershare.example"
	bpp1ID   = "bpp1.powershare.example"
	bpp2ID   = "bpp2.powershare.example"
	domain   = "deg:p2p-trading"
	relayKey = "relay"
)

// A node is one relay: its home, config, keys, and while it runs, its
// process-like handle.
type node struct {
	id      string
	home    string
	cfg     config.Config
	keys    beckn.KeyFile
	cancel  context.CancelFunc
	running *server.Running
	app     *httptest.Server // the operator's application behind a BPP
}

type RelaySuite struct {
	suite.Suite
	net     *network.Network
	relay   sdk.AccAddress
	nodes   map[string]*node
	grpc    string
	rpc     string
	appErrs chan error
}

func TestRelays(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process chain and four relays")
	}
	suite.Run(t, new(RelaySuite))
}

func (s *RelaySuite) SetupSuite() {
	cfg := network.DefaultConfig()
	cfg.NumValidators = 1 // the relays are the subject; consensus is covered by tests/e2e
	s.net = network.New(s.T(), cfg)
	val := s.net.Validators[0]
	s.grpc = strings.Replace(val.AppConfig.GRPC.Address, "0.0.0.0", "127.0.0.1", 1)
	s.rpc = val.RPCAddress
	s.appErrs = make(chan error, 64)

	var err error
	s.relay, err = network.NewAccount(s.net, relayKey, sdk.NewCoins(sdk.NewInt64Coin(params.BondDenom, 5_000_000_000)))
	s.Require().NoError(err)
	s.ok(val.Moniker, &rbactypes.MsgGrantRole{Signer: val.Address.String(), Address: s.relay.String(), Role: rbactypes.Role_RELAY})

	s.nodes = map[string]*node{}
	specs := []struct {
		id   string
		typ  config.Role
		kind beckntypes.SubscriberType
	}{
		{bapID, config.RoleBAP, beckntypes.SubscriberType_BAP},
		{bgID, config.RoleBG, beckntypes.SubscriberType_BG},
		{bpp1ID, config.RoleBPP, beckntypes.SubscriberType_BPP},
		{bpp2ID, config.RoleBPP, beckntypes.SubscriberType_BPP},
	}
	var subscribe, approve []sdk.Msg
	for _, sp := range specs {
		n := s.newNode(sp.id, sp.typ)
		s.nodes[sp.id] = n
		subscribe = append(subscribe, &beckntypes.MsgSubscribe{Relay: s.relay.String(), SubscriberId: n.id, Url: n.cfg.Subscriber.URL,
			Type: sp.kind, Domain: domain, KeyId: n.keys.KeyID, SigningPublicKey: n.keys.SigningPublicKey,
			EncrPublicKey: n.keys.EncrPublicKey, MldsaPublicKey: n.keys.MLDSAPublicKey})
		approve = append(approve, &beckntypes.MsgApproveSubscription{Signer: val.Address.String(), SubscriberId: n.id})
	}
	s.ok(relayKey, subscribe...)
	s.ok(val.Moniker, approve...)
	for _, sp := range specs {
		s.start(s.nodes[sp.id])
	}
}

func (s *RelaySuite) TearDownSuite() {
	for _, n := range s.nodes {
		s.stop(n)
		if n.app != nil {
			n.app.Close()
		}
	}
}

// newNode writes a relay home: keys (mode 0600) and a config on free
// loopback ports; a BPP also gets its application.
func (s *RelaySuite) newNode(id string, role config.Role) *node {
	home := s.T().TempDir()
	kf, err := beckn.NewKeyFile("key-1", true)
	s.Require().NoError(err)
	s.Require().NoError(beckn.WriteKeyFile(filepath.Join(home, config.DefaultKeyFile), kf))
	cfg := config.Default()
	listen := freeAddr(s.T())
	cfg.Subscriber = config.Subscriber{ID: id, Type: role, URL: "http://" + listen + "/beckn", Domain: domain}
	cfg.Roles = []config.Role{role}
	cfg.Listen, cfg.ClientListen = listen, freeAddr(s.T())
	cfg.Chain.GRPC, cfg.Chain.RPC = s.grpc, s.rpc
	cfg.Outbox.Poll, cfg.Outbox.BaseBackoff, cfg.Outbox.MaxBackoff = 50*time.Millisecond, 200*time.Millisecond, time.Second
	cfg.Outbox.Timeout, cfg.Outbox.Lease = 3*time.Second, 10*time.Second
	n := &node{id: id, home: home, cfg: cfg, keys: kf}
	if role == config.RoleBPP {
		n.app = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.answer(n, r) }))
		n.cfg.Application.Webhook = n.app.URL + "/beckn"
	}
	s.Require().NoError(n.cfg.Validate())
	return n
}

func (s *RelaySuite) start(n *node) {
	ctx, cancel := context.WithCancel(context.Background())
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("RELAY_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil)).With("relay", n.id)
	}
	r, err := server.Start(ctx, n.cfg, n.home, log)
	s.Require().NoError(err, n.id)
	n.cancel, n.running = cancel, r
}

func (s *RelaySuite) stop(n *node) {
	if n.cancel == nil {
		return
	}
	n.cancel()
	s.NoError(n.running.Wait(), n.id)
	n.cancel, n.running = nil, nil
}

// answer is a BPP operator's application: it takes each request the relay
// accepted and answers it through the relay's client API with the sample
// callback of its action, as a real backend would with its own data.
func (s *RelaySuite) answer(n *node, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.appErrs <- err
		return
	}
	var head struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		s.appErrs <- err
		return
	}
	action, _ := head.Context["action"].(string)
	req, werr := wire.Parse(action, body)
	if werr != nil {
		s.appErrs <- fmt.Errorf("%s: the application got what the relay should have refused: %s", n.id, werr.Message)
		return
	}
	go func() {
		callback := wire.Callback(action)
		in := server.ClientRequest{TransactionID: req.Context.TransactionID, ReplyTo: req.Context.MessageID,
			Message: wiretest.Payload(req.Context.Dialect, callback)}
		if _, err := postClient(n, callback, in); err != nil {
			s.appErrs <- fmt.Errorf("%s answering %s: %w", n.id, action, err)
		}
	}()
}

// postClient queues a message through a relay's client API.
func postClient(n *node, action string, in server.ClientRequest) (server.ClientResponse, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return server.ClientResponse{}, err
	}
	resp, err := http.Post("http://"+n.running.ClientAddr+"/client/"+action, "application/json", bytes.NewReader(body))
	if err != nil {
		return server.ClientResponse{}, err
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusAccepted {
		return server.ClientResponse{}, fmt.Errorf("client api %s: %d %s", action, resp.StatusCode, reply)
	}
	var out server.ClientResponse
	return out, json.Unmarshal(reply, &out)
}

func (s *RelaySuite) ok(signer string, msgs ...sdk.Msg) {
	res, err := network.Deliver(s.net, signer, msgs...)
	s.Require().NoError(err)
	s.Require().Zero(res.Code, res.RawLog)
}

// freeAddr is a loopback address with a port free at the time of the call.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

func payload(d wire.Dialect, action string) json.RawMessage { return wiretest.Payload(d, action) }
