package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/market/types"
)

// fill is an expected trade: who bought from whom, how much, at what price.
type fill struct {
	buyer, seller string
	wh, price     uint64
}

func (f *fixture) trades(t *testing.T, ids []uint64) []fill {
	t.Helper()
	var out []fill
	for _, id := range ids {
		tr, err := f.k.GetTrade(f.ctx, id)
		require.NoError(t, err)
		out = append(out, fill{tr.Buyer, tr.Seller, tr.QuantityWh, tr.Price})
	}
	return out
}

func (f *fixture) book(t *testing.T) *types.QueryBookResponse {
	t.Helper()
	res, err := f.query.Book(f.ctx, &types.QueryBookRequest{Zone: zone, SlotStart: slot})
	require.NoError(t, err)
	return res
}

func TestMatching(t *testing.T) {
	cases := []struct {
		name      string
		resting   func(f *fixture) []order
		taker     func(f *fixture) order
		wantErr   error
		wantFills func(f *fixture) []fill
		wantBids  []types.PriceLevel
		wantAsks  []types.PriceLevel
	}{
		{
			name:      "exact fill at the resting price",
			resting:   func(f *fixture) []order { return []order{f.sell(f.alice, "alice-solar", 3000, 150_000, false)} },
			taker:     func(f *fixture) order { return f.buy(f.bob, 3000, 160_000) },
			wantFills: func(f *fixture) []fill { return []fill{{f.bob, f.alice, 3000, 150_000}} },
		},
		{
			name:      "partial fill leaves the maker resting",
			resting:   func(f *fixture) []order { return []order{f.sell(f.alice, "alice-solar", 5000, 150_000, false)} },
			taker:     func(f *fixture) order { return f.buy(f.bob, 3000, 150_000) },
			wantFills: func(f *fixture) []fill { return []fill{{f.bob, f.alice, 3000, 150_000}} },
			wantAsks:  []types.PriceLevel{{Price: 150_000, QuantityWh: 2000, Orders: 1}},
		},
		{
			name:      "partial fill rests the taker's remainder",
			resting:   func(f *fixture) []order { return []order{f.sell(f.alice, "alice-solar", 1000, 150_000, false)} },
			taker:     func(f *fixture) order { return f.buy(f.bob, 3000, 155_000) },
			wantFills: func(f *fixture) []fill { return []fill{{f.bob, f.alice, 1000, 150_000}} },
			wantBids:  []types.PriceLevel{{Price: 155_000, QuantityWh: 2000, Orders: 1}},
		},
		{
			name: "a buy sweeps several levels, best price first, and stops at its limit",
			resting: func(f *fixture) []order {
				return []order{
					f.sell(f.alice, "alice-solar", 1000, 170_000, false),
					f.sell(f.carol, "carol-grid", 1000, 150_000, false),
					f.sell(f.alice, "alice-solar", 1000, 160_000, false),
					f.sell(f.carol, "carol-grid", 1000, 190_000, false),
				}
			},
			taker: func(f *fixture) order { return f.buy(f.bob, 4000, 180_000) },
			wantFills: func(f *fixture) []fill {
				return []fill{{f.bob, f.carol, 1000, 150_000}, {f.bob, f.alice, 1000, 160_000}, {f.bob, f.alice, 1000, 170_000}}
			},
			wantBids: []types.PriceLevel{{Price: 180_000, QuantityWh: 1000, Orders: 1}},
			wantAsks: []types.PriceLevel{{Price: 190_000, QuantityWh: 1000, Orders: 1}},
		},
		{
			name: "time priority at one price",
			resting: func(f *fixture) []order {
				return []order{f.sell(f.carol, "carol-grid", 1000, 150_000, false), f.sell(f.alice, "alice-solar", 1000, 150_000, false)}
			},
			taker: func(f *fixture) order { return f.buy(f.bob, 1500, 150_000) },
			wantFills: func(f *fixture) []fill {
				return []fill{{f.bob, f.carol, 1000, 150_000}, {f.bob, f.alice, 500, 150_000}}
			},
			wantAsks: []types.PriceLevel{{Price: 150_000, QuantityWh: 500, Orders: 1}},
		},
		{
			name:    "a sell taker trades at the resting buy's price",
			resting: func(f *fixture) []order { return []order{f.buy(f.bob, 2000, 170_000), f.buy(f.dave, 2000, 160_000)} },
			taker:   func(f *fixture) order { return f.sell(f.alice, "alice-solar", 3000, 150_000, true) },
			wantFills: func(f *fixture) []fill {
				return []fill{{f.bob, f.alice, 2000, 170_000}, {f.dave, f.alice, 1000, 160_000}}
			},
			wantBids: []types.PriceLevel{{Price: 160_000, QuantityWh: 1000, Orders: 1}},
		},
		{
			name:      "IOC: the remainder is cancelled, nothing rests",
			resting:   func(f *fixture) []order { return []order{f.sell(f.alice, "alice-solar", 1000, 150_000, false)} },
			taker:     func(f *fixture) order { o := f.buy(f.bob, 3000, 150_000); o.tif = types.TimeInForce_IOC; return o },
			wantFills: func(f *fixture) []fill { return []fill{{f.bob, f.alice, 1000, 150_000}} },
		},
		{
			name:    "POST_ONLY that would cross is refused",
			resting: func(f *fixture) []order { return []order{f.sell(f.alice, "alice-solar", 1000, 150_000, false)} },
			taker: func(f *fixture) order {
				o := f.buy(f.bob, 1000, 150_000)
				o.tif = types.TimeInForce_POST_ONLY
				return o
			},
			wantErr: types.ErrWouldCross,
		},
		{
			name:    "POST_ONLY that does not cross rests",
			resting: func(f *fixture) []order { return []order{f.sell(f.alice, "alice-solar", 1000, 150_000, false)} },
			taker: func(f *fixture) order {
				o := f.buy(f.bob, 1000, 140_000)
				o.tif = types.TimeInForce_POST_ONLY
				return o
			},
			wantBids: []types.PriceLevel{{Price: 140_000, QuantityWh: 1000, Orders: 1}},
			wantAsks: []types.PriceLevel{{Price: 150_000, QuantityWh: 1000, Orders: 1}},
		},
		{
			name: "a renewable-only buy skips the cheaper non-renewable sell",
			resting: func(f *fixture) []order {
				return []order{f.sell(f.carol, "carol-grid", 1000, 140_000, false), f.sell(f.alice, "alice-solar", 1000, 150_000, true)}
			},
			taker:     func(f *fixture) order { o := f.buy(f.bob, 1000, 150_000); o.minRenew = 100; return o },
			wantFills: func(f *fixture) []fill { return []fill{{f.bob, f.alice, 1000, 150_000}} },
			wantAsks:  []types.PriceLevel{{Price: 140_000, QuantityWh: 1000, Orders: 1}},
		},
		{
			name: "a non-renewable sell does not match a renewable-only buy",
			resting: func(f *fixture) []order {
				o := f.buy(f.bob, 1000, 160_000)
				o.minRenew = 50
				return []order{o}
			},
			taker:    func(f *fixture) order { return f.sell(f.carol, "carol-grid", 1000, 150_000, false) },
			wantBids: []types.PriceLevel{{Price: 160_000, QuantityWh: 1000, Orders: 1}},
			wantAsks: []types.PriceLevel{{Price: 150_000, QuantityWh: 1000, Orders: 1}},
		},
		{
			name:    "self-trade is prevented",
			resting: func(f *fixture) []order { return []order{f.buy(f.alice, 1000, 160_000)} },
			taker:   func(f *fixture) order { return f.sell(f.alice, "alice-solar", 1000, 150_000, false) },
			wantErr: types.ErrSelfTrade,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			for _, o := range tc.resting(f) {
				f.place(t, o)
			}
			cacheCtx, write := f.ctx.CacheContext()
			res, err := f.msg.PlaceOrder(cacheCtx, f.msgFor(tc.taker(f)))
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			write()
			var want []fill
			if tc.wantFills != nil {
				want = tc.wantFills(f)
			}
			require.Equal(t, want, f.trades(t, res.TradeIds))
			book := f.book(t)
			require.Equal(t, nonNil(tc.wantBids), book.Bids)
			require.Equal(t, nonNil(tc.wantAsks), book.Asks)
			f.requireEscrowInvariant(t)
		})
	}
}

func nonNil(l []types.PriceLevel) []types.PriceLevel {
	if l == nil {
		return []types.PriceLevel{}
	}
	return l
}

func TestPriceImprovementIsRefundedAtOnce(t *testing.T) {
	f := setup(t)
	f.place(t, f.sell(f.alice, "alice-solar", 2000, 150_000, false))
	before := f.balance(t, f.bob, bondDenom)
	f.place(t, f.buy(f.bob, 2000, 200_000))
	// The buyer escrowed 2,000 Wh x 200 upwc/Wh = 400,000 and got 100,000 back:
	// it is out exactly the trade payment, 2,000 x 150 = 300,000.
	require.Equal(t, sdkmath.NewInt(300_000), before.Sub(f.balance(t, f.bob, bondDenom)))
}

func TestCancelReturnsTheEscrowAtOnce(t *testing.T) {
	f := setup(t)
	upwc, uec := f.balance(t, f.alice, bondDenom), f.balance(t, f.alice, ecDenom)
	res := f.place(t, f.sell(f.alice, "alice-solar", 2000, 150_000, true))
	require.Equal(t, sdkmath.NewInt(2_000_000), uec.Sub(f.balance(t, f.alice, ecDenom)), "EC of 2 kWh escrowed")
	require.Equal(t, sdkmath.NewInt(30_000), upwc.Sub(f.balance(t, f.alice, bondDenom)), "10% collateral of 300,000")

	_, err := f.msg.CancelOrder(f.ctx, &types.MsgCancelOrder{Owner: f.bob, OrderId: res.OrderId})
	require.ErrorIs(t, err, types.ErrNotOwner)
	_, err = f.msg.CancelOrder(f.ctx, &types.MsgCancelOrder{Owner: f.alice, OrderId: res.OrderId})
	require.NoError(t, err)
	require.Equal(t, upwc, f.balance(t, f.alice, bondDenom))
	require.Equal(t, uec, f.balance(t, f.alice, ecDenom))
	_, err = f.msg.CancelOrder(f.ctx, &types.MsgCancelOrder{Owner: f.alice, OrderId: res.OrderId})
	require.ErrorIs(t, err, types.ErrUnknownOrder)
	f.requireEscrowInvariant(t)
}

func TestFillLimitNeverLeavesACrossedBook(t *testing.T) {
	f := setup(t)
	p := types.DefaultParams()
	p.MaxFillsPerOrder = 2
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	for range 3 {
		f.place(t, f.sell(f.alice, "alice-solar", 1000, 150_000, false))
	}
	res := f.place(t, f.buy(f.bob, 5000, 150_000))
	require.Len(t, res.TradeIds, 2)
	require.False(t, res.Resting, "the rest would cross the third ask, so it is cancelled, not rested")
	require.Empty(t, f.book(t).Bids)
	f.requireEscrowInvariant(t)
}

// requireEscrowInvariant: the market account holds exactly the escrow of the
// resting orders and of the unsettled trades, per denom.
func (f *fixture) requireEscrowInvariant(t *testing.T) {
	t.Helper()
	ctx := f.ctx
	upwc, uec := sdkmath.ZeroInt(), sdkmath.ZeroInt()
	orders, err := f.k.Orders.Iterate(ctx, nil)
	require.NoError(t, err)
	os, err := orders.Values()
	require.NoError(t, err)
	for _, o := range os {
		upwc = upwc.Add(o.EscrowUpwc).Add(o.CollateralUpwc)
		uec = uec.Add(o.EscrowUec)
		gs := testGenesis()
		gs.Orders, gs.NextOrderId = []types.Order{o}, o.Id+1
		require.NoError(t, gs.Validate(f.ac), "order %d: escrow is what its remaining quantity needs", o.Id)
	}
	trades, err := f.k.Trades.Iterate(ctx, nil)
	require.NoError(t, err)
	ts, err := trades.Values()
	require.NoError(t, err)
	for _, tr := range ts {
		if !tr.Settled {
			upwc = upwc.Add(tr.PaymentUpwc).Add(tr.CollateralUpwc)
			uec = uec.Add(tr.EcUec)
		}
	}
	held := f.escrowHeld(ctx)
	require.Equal(t, upwc, held.AmountOf(bondDenom), "upwc in escrow")
	require.Equal(t, uec, held.AmountOf(ecDenom), "uec in escrow")
}

func TestATakerSellTopsUpItsCollateralToTheTradePrice(t *testing.T) {
	f := setup(t)
	f.place(t, f.buy(f.bob, 1000, 200_000))
	carol := f.balance(t, f.carol, bondDenom)
	res := f.place(t, f.sell(f.carol, "carol-grid", 1000, 100_000, false))
	tr, err := f.k.GetTrade(f.ctx, res.TradeIds[0])
	require.NoError(t, err)
	require.Equal(t, uint64(200_000), tr.Price)
	require.Equal(t, sdkmath.NewInt(20_000), tr.CollateralUpwc, "10% of the 200,000 she is paid, not of her 100,000 limit")
	require.Equal(t, carol.SubRaw(20_000), f.balance(t, f.carol, bondDenom))
	f.requireEscrowInvariant(t)
}
