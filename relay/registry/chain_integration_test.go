package registry_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/auth"
	"github.com/powershare/powershare/relay/registry"
	"github.com/powershare/powershare/testutil/network"
	"github.com/powershare/powershare/x/beckn/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// TestChainRegistry runs the registry client against a real in-process
// chain (the package's one network): a relay subscribes a BPP and the
// ADMIN approves it; the chain client resolves its keys, /lookup serves
// it, a message it signs verifies; then a key rotation and a rejection on
// chain reach a watched cache within a block, though its TTL is ten
// minutes.
func TestChainRegistry(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a chain")
	}
	cfg := network.DefaultConfig()
	cfg.NumValidators = 1
	net := network.New(t, cfg)
	val := net.Validators[0]
	ctx := context.Background()

	// ARRANGE: a RELAY account subscribes a BPP with an ML-DSA-65 key; the ADMIN approves it.
	relay, err := network.NewAccount(net, "relay", sdk.NewCoins(sdk.NewInt64Coin(cfg.BondDenom, 5_000_000_000)))
	require.NoError(t, err)
	deliver(t, net, val.Moniker, &rbactypes.MsgGrantRole{Signer: val.Address.String(), Address: relay.String(), Role: rbactypes.Role_RELAY})
	const bpp = "bpp.relay-registry.example"
	kf1, err := beckn.NewKeyFile("key-1", true)
	require.NoError(t, err)
	deliver(t, net, "relay", &types.MsgSubscribe{Relay: relay.String(), SubscriberId: bpp, Url: "http://127.0.0.1:8081/beckn",
		Type: types.SubscriberType_BPP, Domain: "deg:p2p-trading", Country: "IND", City: "std:080", KeyId: kf1.KeyID,
		SigningPublicKey: kf1.SigningPublicKey, EncrPublicKey: kf1.EncrPublicKey, MldsaPublicKey: kf1.MLDSAPublicKey})
	deliver(t, net, val.Moniker, &types.MsgApproveSubscription{Signer: val.Address.String(), SubscriberId: bpp})

	conn, err := grpc.NewClient(loopback(t, val.AppConfig.GRPC.Address), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	chain := registry.NewChain(conn)

	// The chain client resolves the BPP's key, named and in force.
	k, err := chain.ResolveKey(ctx, bpp, "key-1")
	require.NoError(t, err)
	require.Equal(t, registry.StatusSubscribed, k.Status)
	require.Equal(t, registry.TypeBPP, k.Type)
	require.Equal(t, "http://127.0.0.1:8081/beckn", k.URL)
	require.Equal(t, []string{"IND", "std:080", "deg:p2p-trading"}, []string{k.Country, k.City, k.Domain})
	require.Equal(t, kf1.SigningPublicKey, k.SigningPublicKey)
	require.Equal(t, kf1.EncrPublicKey, k.EncrPublicKey)
	require.Equal(t, kf1.MLDSAPublicKey, k.MLDSAPublicKey)
	require.True(t, k.ValidAt(time.Now()))
	inForce, err := chain.ResolveKey(ctx, bpp, "")
	require.NoError(t, err)
	require.Equal(t, k, inForce)
	_, err = chain.ResolveKey(ctx, bpp, "key-9")
	require.ErrorIs(t, err, registry.ErrNotFound)
	_, err = chain.ResolveKey(ctx, "bap.unknown.example", "")
	require.ErrorIs(t, err, registry.ErrNotFound)
	listed, err := chain.Lookup(ctx, registry.Filter{Type: "bpp", Domain: "deg:p2p-trading", Status: "subscribed"})
	require.NoError(t, err)
	require.Equal(t, []registry.Key{k}, listed)

	// /lookup answers outsiders from the chain.
	srv := httptest.NewServer(registry.LookupHandler(chain, nil))
	t.Cleanup(srv.Close)
	res, err := http.Post(srv.URL, "application/json", strings.NewReader(`{"subscriber_id":"`+bpp+`","ukId":"key-1"}`))
	require.NoError(t, err)
	var answer []map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&answer))
	require.NoError(t, res.Body.Close())
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Len(t, answer, 1)
	require.Equal(t, "http://127.0.0.1:8081/beckn", answer[0]["subscriber_url"])
	require.Equal(t, "SUBSCRIBED", answer[0]["status"])

	// A watched cache in front of the chain, with a TTL far longer than the test.
	cache := registry.NewCache(chain, 10*time.Minute, nil)
	watchCtx, stopWatch := context.WithCancel(ctx)
	watched := make(chan error, 1)
	go func() {
		watched <- registry.Watch(watchCtx, loopbackURL(t, val.RPCAddress), cache, slog.New(slog.NewTextHandler(t.Output(), nil)))
	}()
	t.Cleanup(func() {
		stopWatch()
		require.NoError(t, <-watched)
	})
	require.Eventually(t, cache.Watching, 30*time.Second, 10*time.Millisecond)

	// A message the BPP signs with its registered keys verifies through the cache.
	signer, err := auth.NewSigner(bpp, kf1, 30*time.Second)
	require.NoError(t, err)
	verifier := &auth.Verifier{Resolver: cache, Skew: 5 * time.Second, RequirePQ: true}
	body := []byte(`{"context":{"action":"on_search","bpp_id":"` + bpp + `"},"message":{}}`)
	signed := func(s *auth.Signer) http.Header {
		h := http.Header{}
		require.NoError(t, s.Sign(h, body, time.Now(), false, true))
		return h
	}
	ok, f := verifier.Verify(ctx, signed(signer), body, bpp)
	require.Nil(t, f)
	require.True(t, ok.CoSigned)
	cachedKey, err := cache.ResolveKey(ctx, bpp, "key-1")
	require.NoError(t, err)
	require.Equal(t, registry.StatusSubscribed, cachedKey.Status)

	// ACT: the relay rotates the BPP's keys on chain, while a poller notes
	// the height at which the cache first answers otherwise.
	kf2, err := beckn.NewKeyFile("key-2", true)
	require.NoError(t, err)
	rotated := heightWhen(t, net, func() bool {
		k, err := cache.ResolveKey(ctx, bpp, "key-1")
		return err == nil && k.Status == registry.StatusExpired
	})
	rotation := deliver(t, net, "relay", &types.MsgRotateKeys{Relay: relay.String(), SubscriberId: bpp, KeyId: kf2.KeyID,
		SigningPublicKey: kf2.SigningPublicKey, EncrPublicKey: kf2.EncrPublicKey, MldsaPublicKey: kf2.MLDSAPublicKey})

	// ASSERT: within a few blocks the cache drops key-1's SUBSCRIBED entry:
	// the old key is refused and the new one taken.
	seen := <-rotated
	t.Logf("rotation in block %d, seen by the cache at height %d", rotation.Height, seen)
	require.LessOrEqual(t, seen, rotation.Height+1, "invalidated within a block of the rotation")
	_, f = verifier.Verify(ctx, signed(signer), body, bpp)
	require.Equal(t, auth.CheckKeyValidity, f.Check, f.Message)
	signer2, err := auth.NewSigner(bpp, kf2, 30*time.Second)
	require.NoError(t, err)
	ok, f = verifier.Verify(ctx, signed(signer2), body, bpp)
	require.Nil(t, f)
	require.Equal(t, "key-2", ok.KeyID)

	// ACT: the ADMIN rejects the BPP. ASSERT: its messages are refused within a few blocks.
	rejected := heightWhen(t, net, func() bool {
		_, f := verifier.Verify(ctx, signed(signer2), body, bpp)
		return f != nil && f.Check == auth.CheckStatus
	})
	rejection := deliver(t, net, val.Moniker, &types.MsgRejectSubscription{Signer: val.Address.String(), SubscriberId: bpp, Reason: "test"})
	seen = <-rejected
	t.Logf("rejection in block %d, seen by the verifier at height %d", rejection.Height, seen)
	require.LessOrEqual(t, seen, rejection.Height+1, "invalidated within a block of the rejection")
}

// heightWhen polls cond until it holds and sends the chain's height then
// (a height no chain reaches if it never held within 30 s).
func heightWhen(t *testing.T, net *network.Network, cond func() bool) <-chan int64 {
	t.Helper()
	out := make(chan int64, 1)
	go func() {
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if cond() {
				// The node's status at once (Network.LatestHeight waits a second).
				st, err := net.Validators[0].RPCClient.Status(context.Background())
				if err != nil {
					break
				}
				out <- st.SyncInfo.LatestBlockHeight
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		out <- 1 << 62
	}()
	return out
}

// deliver sends msgs as signer through consensus and requires success.
func deliver(t *testing.T, net *network.Network, signer string, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	res, err := network.Deliver(net, signer, msgs...)
	require.NoError(t, err)
	require.Zero(t, res.Code, res.RawLog)
	return res
}

// loopback is a listen address (0.0.0.0:port) as a client dials it.
func loopback(t *testing.T, listen string) string {
	t.Helper()
	return strings.Replace(listen, "0.0.0.0", "127.0.0.1", 1)
}

// loopbackURL is a node's RPC listen address (tcp://0.0.0.0:port) as an
// http URL on loopback.
func loopbackURL(t *testing.T, listen string) string {
	t.Helper()
	u, err := url.Parse(listen)
	require.NoError(t, err)
	return "http://127.0.0.1:" + u.Port()
}
