package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	abci "github.com/cometbft/cometbft/abci/types"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/market/types"
)

func TestOnlyGovernanceUpdatesMarketParams(t *testing.T) {
	f := setup(t)
	before, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	p := types.DefaultParams()
	p.CollateralBps = 5_000

	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gridop, Params: p})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	p.CollateralBps = 10_001
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.ErrorIs(t, err, types.ErrInvalidParams)

	after, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after, "refused updates change nothing")
}

func TestACollateralChangeNeverTouchesRestingOrders(t *testing.T) {
	f := setup(t)
	res := f.place(t, f.sell(f.carol, "carol-grid", 1000, 100_000, false)) // 10,000 collateral at 10%
	p := types.DefaultParams()
	p.CollateralBps = 5_000
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)

	fill := f.place(t, f.buy(f.bob, 100, 100_000))
	tr, err := f.k.GetTrade(f.ctx, fill.TradeIds[0])
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(1_000), tr.CollateralUpwc, "10% of the 10,000 notional, as escrowed")
	o, err := f.k.Orders.Get(f.ctx, res.OrderId)
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(9_000), o.CollateralUpwc)
	f.requireEscrowInvariant(t)

	carol := f.balance(t, f.carol, bondDenom)
	_, err = f.msg.CancelOrder(f.ctx, &types.MsgCancelOrder{Owner: f.carol, OrderId: res.OrderId})
	require.NoError(t, err)
	require.Equal(t, carol.AddRaw(9_000), f.balance(t, f.carol, bondDenom), "exactly her own collateral back")
	f.requireEscrowInvariant(t)
}

// The governance account is compared as an account, as x/assets and x/rbac
// do: its address in another spelling is refused.
func TestUpdateMarketParamsWantsTheCanonicalAuthority(t *testing.T) {
	f := setup(t)
	p := types.DefaultParams()
	p.CollateralBps = 2_000
	for _, authority := range []string{strings.ToUpper(f.gov), "not-an-address", ""} {
		_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: authority, Params: p})
		require.ErrorIs(t, err, types.ErrInvalidAddress, authority)
	}
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	got, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, uint32(2_000), got.CollateralBps)
}

// A params change says who made it.
func TestParamsUpdatedEventNamesTheAuthority(t *testing.T) {
	f := setup(t)
	p := types.DefaultParams()
	p.CollateralBps = 2_000
	ctx := f.ctx.WithEventManager(sdk.NewEventManager())
	_, err := f.msg.UpdateParams(ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	events := ctx.EventManager().Events()
	require.NotEmpty(t, events)
	msg, err := sdk.ParseTypedEvent(abci.Event(events[len(events)-1]))
	require.NoError(t, err)
	require.Equal(t, &types.EventParamsUpdated{Authority: f.gov, Params: p}, msg)
}

// TestSlotSecondsChangeRefusedWhileCommitted: finding 11 of issue 11. A
// change of slot_seconds would re-slice the meters' committed capacity, so
// the same meter could sell the same hour twice: it is refused, changing
// nothing, while an order rests or a trade is unsettled, and goes through
// once nothing depends on the slot grid. Other params change freely.
func TestSlotSecondsChangeRefusedWhileCommitted(t *testing.T) {
	f := setup(t)
	before, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	resting := f.place(t, f.sell(f.alice, "alice-small", 2000, 100_000, true)) // the meter's whole slot
	longer := before
	longer.SlotSeconds = 1800

	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: longer})
	require.ErrorIs(t, err, types.ErrParamsInUse)
	require.ErrorContains(t, err, "resting orders (e.g. order 1)")
	require.ErrorContains(t, err, "committed meter capacity (e.g. meter alice-small")
	after, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after, "a refused change changes nothing")

	// The trade, unsettled, still holds the capacity.
	f.place(t, f.buy(f.bob, 2000, 100_000))
	_, err = f.k.GetOrder(f.ctx, resting.OrderId)
	require.Error(t, err, "filled")
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: longer})
	require.ErrorIs(t, err, types.ErrParamsInUse)
	require.ErrorContains(t, err, "unsettled trades (e.g. trade 1)")

	// Other params change while commitments stand.
	other := before
	other.CollateralBps, other.GateClosureSeconds, other.MaxQuantityWh = 2_000, 600, 1_000
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: other})
	require.NoError(t, err)
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, gs.Validate(f.ac), "a lowered max_quantity_wh leaves an importable genesis")

	// Settled, the trade holds nothing: the change goes through.
	_, err = f.msg.SettleTrades(f.ctx.WithBlockTime(afterSlot), &types.MsgSettleTrades{Signer: f.gridop,
		Settlements: []types.Settlement{{TradeId: 1, DeliveredWh: 2000}}})
	require.NoError(t, err)
	longer.CollateralBps, longer.GateClosureSeconds, longer.MaxQuantityWh = other.CollateralBps, other.GateClosureSeconds, other.MaxQuantityWh
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: longer})
	require.NoError(t, err)
	after, err = f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, longer, after)
}
