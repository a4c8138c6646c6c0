package keeper_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/address"
	sdkmath "cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/powershare/powershare/x/assets/keeper"
	"github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// now is the fixed block time of the tests.
var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

type fixture struct {
	ctx   sdk.Context
	k     keeper.Keeper
	msg   types.MsgServer
	query types.QueryServer
	bank  *fakeBank
	rbac  *fakeRBAC
	ac    address.Codec

	admin, gridop, regulator, manager, alice, bob, carol, outsider, gov string
}

func setup(t *testing.T) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("transient_test"))
	ac := addresscodec.NewBech32Codec("power")
	cdc := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}.NewCodec()
	f := &fixture{ac: ac, bank: newFakeBank(), rbac: &fakeRBAC{roles: map[string]bool{}, zones: map[uint64]string{1: "zone-a", 2: "zone-b"}}}
	name := func(n string) string {
		bz := make([]byte, 20)
		copy(bz, n)
		s, err := ac.BytesToString(bz)
		require.NoError(t, err)
		return s
	}
	f.admin, f.gridop, f.regulator, f.manager = name("admin"), name("gridop"), name("regulator"), name("manager")
	f.alice, f.bob, f.carol, f.outsider = name("alice"), name("bob"), name("carol"), name("outsider")
	f.rbac.ac = ac
	f.rbac.grant(f.admin, rbactypes.Role_ADMIN, 0)
	f.rbac.grant(f.gridop, rbactypes.Role_GRID_OPERATOR, 0)
	f.rbac.grant(f.regulator, rbactypes.Role_REGULATOR, 0)
	f.rbac.grant(f.manager, rbactypes.Role_COMMUNITY_MANAGER, 1)
	f.rbac.grant(f.alice, rbactypes.Role_PROSUMER, 1)
	f.rbac.grant(f.bob, rbactypes.Role_CONSUMER, 1)
	f.rbac.grant(f.carol, rbactypes.Role_CONSUMER, 2)

	f.ctx = tctx.Ctx.WithBlockTime(now).WithBlockHeight(100)
	f.gov = name("gov")
	f.rbac.gov = f.gov
	f.k = keeper.NewKeeper(cdc, runtime.NewKVStoreService(key), ac, f.bank, f.bank, f.rbac, f.gov).WithRewardPools("distribution")
	f.bank.restriction = f.k.CommunityTokenRestriction
	f.msg = keeper.NewMsgServerImpl(f.k)
	f.query = keeper.NewQueryServerImpl(f.k)
	require.NoError(t, f.k.InitGenesis(f.ctx, *types.DefaultGenesis()))
	return f
}

func (f *fixture) addr(t *testing.T, s string) sdk.AccAddress {
	t.Helper()
	bz, err := f.ac.StringToBytes(s)
	require.NoError(t, err)
	return bz
}

func (f *fixture) balance(t *testing.T, who, denom string) sdkmath.Int {
	return f.bank.balanceOf(f.addr(t, who), denom)
}

// registerSolar registers a 5 kW solar meter for owner in community 1.
func (f *fixture) registerSolar(t *testing.T, id, owner string) {
	t.Helper()
	_, err := f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{
		Signer: f.gridop, MeterId: id, Owner: owner, Kind: "SOLAR", CapacityW: 5000, CommunityId: 1,
	})
	require.NoError(t, err)
}

func reading(meter string, start time.Time, d time.Duration, wh uint64) types.Reading {
	return types.Reading{MeterId: meter, Start: start, End: start.Add(d), EnergyWh: wh}
}

// fakeRBAC holds role grants in a map keyed "address/role/community".
type fakeRBAC struct {
	ac     address.Codec
	roles  map[string]bool
	grants []rbactypes.Grant
	zones  map[uint64]string
	gov    string
}

func (r *fakeRBAC) grant(addr string, role rbactypes.Role, community uint64) {
	r.roles[fmt.Sprintf("%s/%d/%d", addr, role, community)] = true
	r.grants = append(r.grants, rbactypes.Grant{Address: addr, Role: role, CommunityId: community})
}

func (r *fakeRBAC) HasActiveRole(_ context.Context, addr sdk.AccAddress, role rbactypes.Role, community uint64) (bool, error) {
	s, err := r.ac.BytesToString(addr)
	return r.roles[fmt.Sprintf("%s/%d/%d", s, role, community)], err
}

// IsAdmin answers like x/rbac: an ADMIN grant or the governance account.
func (r *fakeRBAC) IsAdmin(ctx context.Context, addr sdk.AccAddress) (bool, error) {
	s, err := r.ac.BytesToString(addr)
	if err != nil || s == r.gov {
		return err == nil, err
	}
	return r.HasActiveRole(ctx, addr, rbactypes.Role_ADMIN, 0)
}

func (r *fakeRBAC) GrantsOf(_ context.Context, addr sdk.AccAddress) ([]rbactypes.Grant, error) {
	s, err := r.ac.BytesToString(addr)
	var out []rbactypes.Grant
	for _, g := range r.grants {
		if g.Address == s {
			out = append(out, g)
		}
	}
	return out, err
}

func (r *fakeRBAC) CommunityZone(_ context.Context, id uint64) (string, error) {
	zone, ok := r.zones[id]
	if !ok {
		return "", rbactypes.ErrUnknownCommunity.Wrapf("community %d", id)
	}
	return zone, nil
}

// fakeBank keeps balances and supply, applies the send restriction like
// x/bank does, and knows the module accounts; it is also the account keeper.
type fakeBank struct {
	balances    map[string]sdk.Coins
	supply      sdk.Coins
	restriction banktypes.SendRestrictionFn
}

func newFakeBank() *fakeBank { return &fakeBank{balances: map[string]sdk.Coins{}} }

func (b *fakeBank) balanceOf(addr sdk.AccAddress, denom string) sdkmath.Int {
	return b.balances[string(addr)].AmountOf(denom)
}

func moduleAddr(name string) sdk.AccAddress { return authtypes.NewModuleAddress(name) }

func (b *fakeBank) send(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	if b.restriction != nil {
		var err error
		if to, err = b.restriction(ctx, from, to, amt); err != nil {
			return err
		}
	}
	have := b.balances[string(from)]
	if !have.IsAllGTE(amt) {
		return fmt.Errorf("insufficient funds: %s < %s", have, amt)
	}
	b.balances[string(from)] = have.Sub(amt...)
	b.balances[string(to)] = b.balances[string(to)].Add(amt...)
	return nil
}

func (b *fakeBank) MintCoins(_ context.Context, module string, amt sdk.Coins) error {
	b.balances[string(moduleAddr(module))] = b.balances[string(moduleAddr(module))].Add(amt...)
	b.supply = b.supply.Add(amt...)
	return nil
}

func (b *fakeBank) BurnCoins(_ context.Context, module string, amt sdk.Coins) error {
	have := b.balances[string(moduleAddr(module))]
	if !have.IsAllGTE(amt) {
		return fmt.Errorf("burn more than held")
	}
	b.balances[string(moduleAddr(module))] = have.Sub(amt...)
	b.supply = b.supply.Sub(amt...)
	return nil
}

func (b *fakeBank) SendCoinsFromModuleToAccount(ctx context.Context, module string, to sdk.AccAddress, amt sdk.Coins) error {
	return b.send(ctx, moduleAddr(module), to, amt)
}

func (b *fakeBank) SendCoinsFromModuleToModule(ctx context.Context, from, to string, amt sdk.Coins) error {
	return b.send(ctx, moduleAddr(from), moduleAddr(to), amt)
}

func (b *fakeBank) SendCoinsFromAccountToModule(ctx context.Context, from sdk.AccAddress, module string, amt sdk.Coins) error {
	return b.send(ctx, from, moduleAddr(module), amt)
}

func (b *fakeBank) GetSupply(_ context.Context, denom string) sdk.Coin {
	return sdk.NewCoin(denom, b.supply.AmountOf(denom))
}

func (b *fakeBank) AppendSendRestriction(restriction banktypes.SendRestrictionFn) {
	b.restriction = restriction
}

var moduleNames = []string{types.ModuleName, types.TreasuryName, "distribution"}

func (b *fakeBank) GetAccount(_ context.Context, addr sdk.AccAddress) sdk.AccountI {
	for _, name := range moduleNames {
		if addr.Equals(moduleAddr(name)) {
			return authtypes.NewEmptyModuleAccount(name)
		}
	}
	return authtypes.NewBaseAccountWithAddress(addr)
}

func (b *fakeBank) GetModuleAddress(name string) sdk.AccAddress {
	for _, n := range moduleNames {
		if n == name {
			return moduleAddr(name)
		}
	}
	return nil
}

func (b *fakeBank) GetModuleAccount(_ context.Context, name string) sdk.ModuleAccountI {
	return authtypes.NewEmptyModuleAccount(name)
}

// bankSnapshot is a copy of the fake bank's state, to undo a failed step.
type bankSnapshot struct {
	balances map[string]sdk.Coins
	supply   sdk.Coins
}

func (b *fakeBank) snapshot() bankSnapshot {
	balances := make(map[string]sdk.Coins, len(b.balances))
	for k, v := range b.balances {
		balances[k] = v
	}
	return bankSnapshot{balances: balances, supply: b.supply}
}

func (b *fakeBank) restore(s bankSnapshot) {
	b.balances, b.supply = s.balances, s.supply
}
