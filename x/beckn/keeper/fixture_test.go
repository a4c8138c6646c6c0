package keeper_test

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/ed25519"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"

	"cosmossdk.io/core/address"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/beckn/keeper"
	becknmocks "github.com/powershare/powershare/x/beckn/testutil"
	"github.com/powershare/powershare/x/beckn/types"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// now is the fixed block time of every test.
var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

const (
	bppID  = "bpp.powershare.example"
	bapID  = "bap.example.org"
	domain = "deg:p2p-trading"
)

type fixture struct {
	ctx sdk.Context
	// storeKey reaches the raw store, to corrupt a record on purpose.
	storeKey *storetypes.KVStoreKey
	k        keeper.Keeper
	msg      types.MsgServer
	query    types.QueryServer
	ac       address.Codec
	authz    *becknmocks.MockAuthzKeeper
	// opened are the trades x/market was asked to open; marketErr refuses them.
	opened    []markettypes.BilateralTrade
	marketErr error
	// grants are the x/authz grants by (grantee, granter, msg type).
	grants map[string]authz.Authorization

	admin, regulator, relay, otherRelay, alice, bob, nobody, gov string
}

func setup(t *testing.T) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("transient_test"))
	ac := addresscodec.NewBech32Codec("power")
	cdc := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}.NewCodec()
	f := &fixture{ac: ac, grants: map[string]authz.Authorization{}, storeKey: key}
	f.admin, f.regulator, f.relay, f.otherRelay = account("admin"), account("regulator"), account("relay"), account("relay2")
	f.alice, f.bob, f.nobody, f.gov = account("alice"), account("bob"), account("nobody"), account("gov")
	ctrl := gomock.NewController(t)
	rbac, market := becknmocks.NewMockRBACKeeper(ctrl), becknmocks.NewMockMarketKeeper(ctrl)
	f.authz = becknmocks.NewMockAuthzKeeper(ctrl)
	f.expectKeepers(rbac, market, f.authz)
	f.ctx = tctx.Ctx.WithBlockTime(now).WithBlockHeight(10)
	f.k = keeper.NewKeeper(cdc, runtime.NewKVStoreService(key), ac, rbac, market, f.authz, f.gov)
	f.msg, f.query = keeper.NewMsgServerImpl(f.k), keeper.NewQueryServerImpl(f.k)
	require.NoError(t, f.k.InitGenesis(f.ctx, *types.DefaultGenesis()))
	return f
}

// account is the test address named n.
func account(n string) string {
	bz := make([]byte, 20)
	copy(bz, n)
	s, err := addresscodec.NewBech32Codec("power").BytesToString(bz)
	if err != nil {
		panic(err)
	}
	return s
}

// deliver runs a Msg handler the way a transaction does: its writes and
// events land only if it succeeds.
func deliver[R any](f *fixture, handle func(context.Context) (R, error)) (R, error) {
	cache, write := f.ctx.CacheContext()
	res, err := handle(cache)
	if err == nil {
		write()
		f.ctx.EventManager().EmitEvents(cache.EventManager().Events())
	}
	return res, err
}

// keySet returns deterministic Ed25519 and X25519 public keys for seed.
func keySet(seed byte) (signing, encr []byte) {
	signing = signingKey(seed).Public().(ed25519.PublicKey)
	priv, err := ecdh.X25519().NewPrivateKey(bytes.Repeat([]byte{seed}, 32))
	if err != nil {
		panic(err)
	}
	return signing, priv.PublicKey().Bytes()
}

func subscribeMsg(relay, id string, kind types.SubscriberType, keyID string, seed byte) *types.MsgSubscribe {
	signing, encr := keySet(seed)
	return &types.MsgSubscribe{
		Relay: relay, SubscriberId: id, Url: "https://" + id + "/beckn", Type: kind, Domain: domain,
		Country: "IND", City: "std:080", KeyId: keyID, SigningPublicKey: signing, EncrPublicKey: encr,
	}
}

// subscribed registers and approves a participant with key "key-1".
func (f *fixture) subscribed(t *testing.T, relay, id string, kind types.SubscriberType) {
	t.Helper()
	_, err := deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) {
		return f.msg.Subscribe(ctx, subscribeMsg(relay, id, kind, "key-1", 1))
	})
	require.NoError(t, err)
	_, err = deliver(f, func(ctx context.Context) (*types.MsgApproveSubscriptionResponse, error) {
		return f.msg.ApproveSubscription(ctx, &types.MsgApproveSubscription{Signer: f.admin, SubscriberId: id})
	})
	require.NoError(t, err)
}

// network registers the relay's BPP and another relay's BAP, both SUBSCRIBED.
func (f *fixture) network(t *testing.T) {
	t.Helper()
	f.subscribed(t, f.relay, bppID, types.SubscriberType_BPP)
	f.subscribed(t, f.otherRelay, bapID, types.SubscriberType_BAP)
}

// signingKey is the Ed25519 private key of keySet(seed).
func signingKey(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, 32))
}

// sign signs an anchor's digest as the BPP's Authorization header does, with
// keySet(seed) at signedAt.
func sign(a types.OrderAnchor, seed byte, signedAt time.Time) types.OrderAnchor {
	a.SignatureCreated, a.SignatureExpires = signedAt.Unix(), signedAt.Add(time.Hour).Unix()
	a.Signature = ed25519.Sign(signingKey(seed), beckn.SigningString(a.SignatureCreated, a.SignatureExpires, a.Digest))
	return a
}

// anchor is an off-chain-settled anchor of order n, BAP -> the relay's BPP,
// carrying its on_confirm body, signed by the BPP's key-1.
func anchor(n int) types.OrderAnchor {
	return sign(withBody(types.OrderAnchor{
		TransactionId: fmt.Sprintf("txn-%d", n/10), OrderId: fmt.Sprintf("order-%d", n), BapId: bapID, BppId: bppID,
		Domain: domain, KeyId: "key-1", QuantityWh: 5_000, Price: "7.50", Currency: "INR",
		DeliveryStart: now.Add(time.Hour), DeliveryEnd: now.Add(time.Hour + 15*time.Minute), Zone: "zone-a",
	}), 1, now)
}

// withBody gives an anchor the on_confirm body of its own terms (party
// uris as subscribeMsg registers them) and that body's digest; sign it
// again after. An anchor whose price cannot be quoted keeps its body.
func withBody(a types.OrderAnchor) types.OrderAnchor {
	terms, err := a.Terms("https://"+a.BapId+"/beckn", "https://"+a.BppId+"/beckn")
	if err != nil {
		return a
	}
	if a.Body, err = terms.OnConfirm(); err != nil {
		panic(err)
	}
	a.Digest = beckn.Digest(a.Body)
	return a
}

// stored is an anchor as the chain keeps it: without its body.
func stored(a types.OrderAnchor) types.OrderAnchor {
	a.Body = nil
	return a
}

func (f *fixture) anchorOrders(relay string, anchors ...types.OrderAnchor) (*types.MsgAnchorOrdersResponse, error) {
	return deliver(f, func(ctx context.Context) (*types.MsgAnchorOrdersResponse, error) {
		return f.msg.AnchorOrders(ctx, &types.MsgAnchorOrders{Relay: relay, Anchors: anchors})
	})
}

// bpp is the query answer for the relay's BPP.
func (f *fixture) bpp(t *testing.T) *types.QueryParticipantResponse {
	t.Helper()
	res, err := f.query.Participant(f.ctx, &types.QueryParticipantRequest{SubscriberId: bppID})
	require.NoError(t, err)
	return res
}

func (f *fixture) order(t *testing.T, id string) types.AnchoredOrder {
	t.Helper()
	res, err := f.query.Order(f.ctx, &types.QueryOrderRequest{OrderId: id})
	require.NoError(t, err)
	return res.Order
}

// exported is the module's whole state, to show a refused Msg changed nothing.
func (f *fixture) exported(t *testing.T) *types.GenesisState {
	t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	return gs
}

// roles gives each test account one chain-wide role.
func (f *fixture) roles() map[string]rbactypes.Role {
	return map[string]rbactypes.Role{
		f.admin: rbactypes.Role_ADMIN, f.regulator: rbactypes.Role_REGULATOR, f.relay: rbactypes.Role_RELAY,
		f.otherRelay: rbactypes.Role_RELAY, account("relay3"): rbactypes.Role_RELAY, f.alice: rbactypes.Role_PROSUMER,
		f.bob: rbactypes.Role_CONSUMER,
	}
}

// expectKeepers stands x/rbac, x/market and x/authz in with mocks: each
// account has its one role (PROSUMER and CONSUMER may trade), trades are
// recorded in f.opened (or refused with f.marketErr), and grants are held
// in f.grants by (grantee, granter, msg type).
func (f *fixture) expectKeepers(rbac *becknmocks.MockRBACKeeper, market *becknmocks.MockMarketKeeper, authzKeeper *becknmocks.MockAuthzKeeper) {
	roles := f.roles()
	role := func(addr sdk.AccAddress) rbactypes.Role {
		s, err := f.ac.BytesToString(addr)
		if err != nil {
			panic(err)
		}
		return roles[s]
	}
	rbac.EXPECT().HasActiveRole(gomock.Any(), gomock.Any(), gomock.Any(), gomock.Any()).AnyTimes().DoAndReturn(
		func(_ context.Context, addr sdk.AccAddress, r rbactypes.Role, _ uint64) (bool, error) {
			return role(addr) == r, nil
		})
	rbac.EXPECT().IsAdmin(gomock.Any(), gomock.Any()).AnyTimes().DoAndReturn(
		func(_ context.Context, addr sdk.AccAddress) (bool, error) {
			return role(addr) == rbactypes.Role_ADMIN, nil
		})
	rbac.EXPECT().CheckPermission(gomock.Any(), gomock.Any(), gomock.Any()).AnyTimes().DoAndReturn(
		func(_ context.Context, addr sdk.AccAddress, typeURL string) error {
			if typeURL == "/powershare.market.v1.MsgPlaceOrder" && (role(addr) == rbactypes.Role_PROSUMER || role(addr) == rbactypes.Role_CONSUMER) {
				return nil
			}
			return rbactypes.ErrUnauthorized.Wrapf("%s may not send %s", addr, typeURL)
		})
	market.EXPECT().OpenBilateralTrade(gomock.Any(), gomock.Any()).AnyTimes().DoAndReturn(
		func(_ context.Context, bt markettypes.BilateralTrade) (uint64, error) {
			if f.marketErr != nil {
				return 0, f.marketErr
			}
			f.opened = append(f.opened, bt)
			return uint64(len(f.opened)), nil
		})
	grantKey := func(grantee, granter sdk.AccAddress, msgType string) string {
		return string(grantee) + "|" + string(granter) + "|" + msgType
	}
	authzKeeper.EXPECT().GetAuthorization(gomock.Any(), gomock.Any(), gomock.Any(), gomock.Any()).AnyTimes().DoAndReturn(
		func(_ context.Context, grantee, granter sdk.AccAddress, msgType string) (authz.Authorization, *time.Time) {
			return f.grants[grantKey(grantee, granter, msgType)], nil
		})
	authzKeeper.EXPECT().SaveGrant(gomock.Any(), gomock.Any(), gomock.Any(), gomock.Any(), gomock.Any()).AnyTimes().DoAndReturn(
		func(_ context.Context, grantee, granter sdk.AccAddress, auth authz.Authorization, _ *time.Time) error {
			f.grants[grantKey(grantee, granter, auth.MsgTypeURL())] = auth
			return nil
		})
	authzKeeper.EXPECT().DeleteGrant(gomock.Any(), gomock.Any(), gomock.Any(), gomock.Any()).AnyTimes().DoAndReturn(
		func(_ context.Context, grantee, granter sdk.AccAddress, msgType string) error {
			delete(f.grants, grantKey(grantee, granter, msgType))
			return nil
		})
}
