package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/market/types"
)

// TestAccountOpenOrderLimit: finding 6 of issue 11. One account's resting
// orders across every market are bounded by max_account_open_orders, so it
// cannot fill the gate queue; a refused order moves nothing, and a cancel
// frees a place.
func TestAccountOpenOrderLimit(t *testing.T) {
	f := setup(t)
	p := types.DefaultParams()
	p.MaxOpenOrders, p.MaxAccountOpenOrders = 2, 3
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	// place runs like a tx: a refused placement's writes are dropped.
	place := func(at int) (*types.MsgPlaceOrderResponse, error) {
		msg := f.msgFor(f.buy(f.bob, 1000, 100_000))
		msg.SlotStart = slot.Add(p.Slot() * time.Duration(at))
		cache, write := f.ctx.CacheContext()
		res, err := f.msg.PlaceOrder(cache, msg)
		if err == nil {
			write()
		}
		return res, err
	}
	first, err := place(0)
	require.NoError(t, err)
	_, err = place(0)
	require.NoError(t, err)
	_, err = place(0)
	require.ErrorIs(t, err, types.ErrTooManyOrders, "max_open_orders in one market")
	_, err = place(1)
	require.NoError(t, err)

	before := f.snapshot(t)
	_, err = place(2)
	require.ErrorIs(t, err, types.ErrTooManyOrders, "max_account_open_orders across markets")
	require.ErrorContains(t, err, "max_account_open_orders")
	require.Equal(t, before, f.snapshot(t), "a refused order moves nothing")
	_, err = place(2)
	require.ErrorIs(t, err, types.ErrTooManyOrders)

	// Others are not limited by bob's orders.
	f.place(t, f.buy(f.dave, 1000, 100_000))
	// A cancel frees a place.
	_, err = f.msg.CancelOrder(f.ctx, &types.MsgCancelOrder{Owner: f.bob, OrderId: first.OrderId})
	require.NoError(t, err)
	_, err = place(2)
	require.NoError(t, err)

	// The count survives export and import.
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	g := setup(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, *gs))
	n, err := g.k.AccountOpen.Get(g.ctx, f.addr(t, f.bob))
	require.NoError(t, err)
	require.Equal(t, uint32(3), n)
}
