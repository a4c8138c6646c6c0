package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/market/types"
)

func TestGenesisRoundTrip(t *testing.T) {
	f := setup(t)
	f.renewableTrade(t)
	f.place(t, f.buy(f.dave, 1000, 140_000))
	f.place(t, f.sell(f.carol, "carol-grid", 700, 160_000, false))
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate(f.ac))

	fresh := setup(t)
	require.NoError(t, fresh.k.InitGenesis(fresh.ctx, *exported))
	again, err := fresh.k.ExportGenesis(fresh.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)
	require.Equal(t, f.book(t), fresh.book(t), "the books are rebuilt")
	// The rebuilt book matches as the original would.
	res := fresh.place(t, fresh.buy(fresh.bob, 700, 160_000))
	require.Len(t, res.TradeIds, 1)
}

// Genesis refuses orders and trades the keeper could never have written.
func TestMarketGenesisValidateRefusals(t *testing.T) {
	f := setup(t)
	f.renewableTrade(t)
	f.place(t, f.buy(f.dave, 1000, 140_000))
	valid, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, valid.Validate(f.ac))
	require.Len(t, valid.Orders, 1)
	require.Len(t, valid.Trades, 1)

	cases := map[string]func(gs *types.GenesisState){
		"non-canonical order owner": func(gs *types.GenesisState) { gs.Orders[0].Owner = strings.ToUpper(gs.Orders[0].Owner) },
		"non-canonical trade party": func(gs *types.GenesisState) { gs.Trades[0].Seller = strings.ToUpper(gs.Trades[0].Seller) },
		"order id not yet issued":   func(gs *types.GenesisState) { gs.NextOrderId = gs.Orders[0].Id },
		"duplicate trade":           func(gs *types.GenesisState) { gs.Trades = append(gs.Trades, gs.Trades[0]) },
		"escrow short of the order": func(gs *types.GenesisState) { gs.Orders[0].EscrowUpwc = gs.Orders[0].EscrowUpwc.SubRaw(1) },
		"payment not the price":     func(gs *types.GenesisState) { gs.Trades[0].PaymentUpwc = sdkmath.OneInt() },
		"delivered above traded":    func(gs *types.GenesisState) { gs.Trades[0].DeliveredWh = gs.Trades[0].QuantityWh + 1 },
		"zero next trade id":        func(gs *types.GenesisState) { gs.NextTradeId = 0 },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			gs, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			mutate(gs)
			require.ErrorIs(t, gs.Validate(f.ac), types.ErrInvalidGenesis)
		})
	}
}
