package keeper_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/powershare/powershare/x/achievements/keeper"
	"github.com/powershare/powershare/x/achievements/types"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// now is the fixed block time the tests start at: Tuesday 1 December 2026, 09:00 UTC.
var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

const denom = "upwc"

// fakeBank keeps balances by address string; it refuses overdrafts as x/bank does.
type fakeBank struct {
	balances map[string]sdkmath.Int
}

func (b *fakeBank) move(from, to sdk.AccAddress, amt sdk.Coins) error {
	for _, c := range amt {
		if c.Denom != denom {
			return fmt.Errorf("fake bank holds %s only", denom)
		}
		have := b.balance(from)
		if have.LT(c.Amount) {
			return fmt.Errorf("insufficient funds: %s < %s", have, c.Amount)
		}
		b.balances[from.String()] = have.Sub(c.Amount)
		b.balances[to.String()] = b.balance(to).Add(c.Amount)
	}
	return nil
}

func (b *fakeBank) balance(a sdk.AccAddress) sdkmath.Int {
	if v, ok := b.balances[a.String()]; ok {
		return v
	}
	return sdkmath.ZeroInt()
}

func (b *fakeBank) SendCoinsFromAccountToModule(_ context.Context, from sdk.AccAddress, module string, amt sdk.Coins) error {
	return b.move(from, authtypes.NewModuleAddress(module), amt)
}

func (b *fakeBank) SendCoinsFromModuleToAccount(_ context.Context, module string, to sdk.AccAddress, amt sdk.Coins) error {
	return b.move(authtypes.NewModuleAddress(module), to, amt)
}

var moduleNames = []string{types.ModuleName, markettypes.ModuleName, assetstypes.ModuleName}

func moduleAddrs() []sdk.AccAddress {
	out := make([]sdk.AccAddress, len(moduleNames))
	for i, m := range moduleNames {
		out[i] = authtypes.NewModuleAddress(m)
	}
	return out
}

// fakeRBAC holds grants as a list, in insertion order.
type fakeRBAC struct {
	grants      []rbactypes.Grant
	communities []uint64
	gov         string
}

func (r *fakeRBAC) HasActiveRole(_ context.Context, addr sdk.AccAddress, role rbactypes.Role, community uint64) (bool, error) {
	for _, g := range r.grants {
		if g.Address == addr.String() && g.Role == role && g.CommunityId == community {
			return true, nil
		}
	}
	return false, nil
}

func (r *fakeRBAC) IsAdmin(ctx context.Context, addr sdk.AccAddress) (bool, error) {
	if addr.String() == r.gov {
		return true, nil
	}
	return r.HasActiveRole(ctx, addr, rbactypes.Role_ADMIN, 0)
}

func (r *fakeRBAC) GrantsOf(_ context.Context, addr sdk.AccAddress) ([]rbactypes.Grant, error) {
	var out []rbactypes.Grant
	for _, g := range r.grants {
		if g.Address == addr.String() {
			out = append(out, g)
		}
	}
	return out, nil
}

func (r *fakeRBAC) CommunityZone(_ context.Context, id uint64) (string, error) {
	for _, c := range r.communities {
		if c == id {
			return fmt.Sprintf("zone-%d", id), nil
		}
	}
	return "", rbactypes.ErrUnknownCommunity.Wrapf("community %d", id)
}

// fakeAssets records Community Token rewards; err refuses them.
type fakeAssets struct {
	rewards []string
	err     error
}

func (a *fakeAssets) RewardMember(_ context.Context, community uint64, member sdk.AccAddress, amount sdkmath.Int, _ string) error {
	if a.err != nil {
		return a.err
	}
	a.rewards = append(a.rewards, fmt.Sprintf("%s uct/%d to %s", amount, community, member))
	return nil
}

type fixture struct {
	ctx    sdk.Context
	cms    storetypes.CommitMultiStore
	k      keeper.Keeper
	msg    types.MsgServer
	query  types.QueryServer
	bank   *fakeBank
	rbac   *fakeRBAC
	assets *fakeAssets
	market keeper.MarketHooks
	hooks  keeper.AssetsHooks
	module sdk.AccAddress
	tradeN uint64

	admin, manager, alice, bob, carol, outsider, gov string
}

func account(n string) string {
	bz := make([]byte, 20)
	copy(bz, n)
	return sdk.AccAddress(bz).String()
}

func setup(tb testing.TB) *fixture {
	tb.Helper()
	sdk.GetConfig().SetBech32PrefixForAccount("power", "powerpub")
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(tb, key, storetypes.NewTransientStoreKey("transient_test"))
	ac := addresscodec.NewBech32Codec("power")
	cdc := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}.NewCodec()
	f := &fixture{
		bank: &fakeBank{balances: map[string]sdkmath.Int{}}, assets: &fakeAssets{},
		admin: account("admin"), manager: account("manager"), alice: account("alice"), bob: account("bob"),
		carol: account("carol"), outsider: account("outsider"), gov: account("gov"),
		module: authtypes.NewModuleAddress(types.ModuleName),
	}
	f.rbac = &fakeRBAC{communities: []uint64{1, 2}, gov: f.gov}
	f.grant(f.admin, rbactypes.Role_ADMIN, 0)
	f.grant(f.manager, rbactypes.Role_COMMUNITY_MANAGER, 1)
	f.grant(f.alice, rbactypes.Role_PROSUMER, 1)
	f.grant(f.bob, rbactypes.Role_CONSUMER, 1)
	f.grant(f.carol, rbactypes.Role_PROSUMER, 2)
	f.grant(f.outsider, rbactypes.Role_CONSUMER, 0)
	for _, a := range []string{f.admin, f.manager, f.alice, f.bob, f.carol, f.outsider} {
		f.bank.balances[sdk.MustAccAddressFromBech32(a).String()] = sdkmath.NewInt(1_000_000_000_000)
	}
	f.ctx, f.cms = tctx.Ctx.WithBlockTime(now).WithBlockHeight(10), tctx.CMS
	f.k = keeper.NewKeeper(cdc, runtime.NewKVStoreService(key), ac, f.bank, f.rbac, f.assets, f.gov).
		WithRewardDenom(denom).WithModuleAccounts(moduleAddrs()...)
	f.msg, f.query = keeper.NewMsgServerImpl(f.k), keeper.NewQueryServerImpl(f.k)
	f.market, f.hooks = f.k.MarketHooks(), f.k.AssetsHooks()
	require.NoError(tb, f.k.InitGenesis(f.ctx, *types.DefaultGenesis()))
	return f
}

func (f *fixture) grant(addr string, role rbactypes.Role, community uint64) {
	f.rbac.grants = append(f.rbac.grants, rbactypes.Grant{Address: addr, Role: role, CommunityId: community})
}

// deliver runs a Msg handler the way a transaction does: its writes and
// events land only if it succeeds.
func deliver[R any](f *fixture, handle func(context.Context) (R, error)) (R, error) {
	cache, write := f.ctx.CacheContext()
	res, err := handle(cache)
	if err == nil {
		write() // also emits the events into f.ctx
	}
	return res, err
}

// hook runs a hook in a cached context as MultiMarketHooks does.
func (f *fixture) hook(t *testing.T, run func(ctx context.Context) error) {
	t.Helper()
	cache, write := f.ctx.CacheContext()
	require.NoError(t, run(cache))
	write() // also emits the events into f.ctx
}

// settle reports a settled trade of quantity Wh with delivered Wh.
func (f *fixture) settle(t *testing.T, seller, buyer string, quantity, delivered uint64) {
	t.Helper()
	f.tradeN++
	tr := markettypes.Trade{Id: f.tradeN, Seller: seller, Buyer: buyer, QuantityWh: quantity, DeliveredWh: delivered, Settled: true}
	f.hook(t, func(ctx context.Context) error { return f.market.AfterTradeSettled(ctx, tr) })
}

// attest reports an attestation of energy Wh (renewable when minted).
func (f *fixture) attest(t *testing.T, owner string, energy uint64, renewable bool) {
	t.Helper()
	minted := sdkmath.ZeroInt()
	if renewable {
		minted = sdkmath.NewIntFromUint64(energy * 1_000)
	}
	a := assetstypes.Attestation{MeterId: "m-" + owner[len(owner)-4:], Start: f.ctx.BlockTime(), EnergyWh: energy, EcMinted: minted}
	f.hook(t, func(ctx context.Context) error {
		return f.hooks.AfterProductionAttested(ctx, a, sdk.MustAccAddressFromBech32(owner))
	})
}

func (f *fixture) retire(t *testing.T, owner string, grams int64) {
	t.Helper()
	c := assetstypes.Certificate{Id: 1, Owner: owner, Amount: sdkmath.NewInt(grams)}
	f.hook(t, func(ctx context.Context) error { return f.hooks.AfterCarbonRetired(ctx, c) })
}

func (f *fixture) fund(t *testing.T, amount int64) {
	t.Helper()
	_, err := deliver(f, func(ctx context.Context) (*types.MsgFundRewardPoolResponse, error) {
		return f.msg.FundRewardPool(ctx, &types.MsgFundRewardPool{Funder: f.admin, Amount: sdk.NewInt64Coin(denom, amount)})
	})
	require.NoError(t, err)
}

func (f *fixture) progress(t *testing.T, addr string) *types.QueryProgressResponse {
	t.Helper()
	res, err := f.query.Progress(f.ctx, &types.QueryProgressRequest{Address: addr})
	require.NoError(t, err)
	return res
}

func (f *fixture) badges(t *testing.T, addr string) []types.Earned {
	t.Helper()
	res, err := f.query.Badges(f.ctx, &types.QueryBadgesRequest{Address: addr})
	require.NoError(t, err)
	return res.Earned
}

func (f *fixture) balance(addr string) sdkmath.Int {
	return f.bank.balance(sdk.MustAccAddressFromBech32(addr))
}

// advance moves the block time by d and the height by one.
func (f *fixture) advance(d time.Duration) {
	f.ctx = f.ctx.WithBlockTime(f.ctx.BlockTime().Add(d)).WithBlockHeight(f.ctx.BlockHeight() + 1)
}

// events returns the typed events of type name emitted so far.
func (f *fixture) events(name string) []sdk.Event {
	var out []sdk.Event
	for _, e := range f.ctx.EventManager().Events() {
		if e.Type == name {
			out = append(out, e)
		}
	}
	return out
}

func earnedIDs(es []types.Earned) []string {
	ids := make([]string, len(es))
	for i, e := range es {
		ids[i] = e.AchievementId
	}
	return ids
}
