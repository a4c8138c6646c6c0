package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/market/types"
)

func bilateral(f *fixture) types.BilateralTrade {
	return types.BilateralTrade{
		Buyer: f.bob, Seller: f.alice, MeterID: "alice-solar", Zone: zone, SlotStart: slot,
		SlotEnd: slot.Add(types.DefaultParams().Slot()), QuantityWh: 2_000, Price: 150_000, Renewable: true,
		ExternalRef: "beckn:order-1",
	}
}

func TestBilateralTradeEscrowsLikeAFill(t *testing.T) {
	f := setup(t)
	bobBefore, aliceBefore := f.balance(t, f.bob, bondDenom), f.balance(t, f.alice, bondDenom)
	aliceECBefore := f.balance(t, f.alice, ecDenom)

	id, err := f.k.OpenBilateralTrade(f.ctx, bilateral(f))

	require.NoError(t, err)
	trade, err := f.k.GetTrade(f.ctx, id)
	require.NoError(t, err)
	require.Equal(t, "beckn:order-1", trade.ExternalRef)
	require.Zero(t, trade.BuyOrderId)
	require.Equal(t, sdkmath.NewInt(300_000), trade.PaymentUpwc, "2 kWh at 150,000 upwc/kWh")
	require.Equal(t, types.Collateral(2_000, 150_000, types.DefaultParams().CollateralBps), trade.CollateralUpwc)
	require.Equal(t, bobBefore.Sub(trade.PaymentUpwc), f.balance(t, f.bob, bondDenom))
	require.Equal(t, aliceBefore.Sub(trade.CollateralUpwc), f.balance(t, f.alice, bondDenom))
	require.Equal(t, aliceECBefore.Sub(types.EnergyCredits(2_000)), f.balance(t, f.alice, ecDenom))
	f.requireEscrowInvariant(t)

	// It settles as any trade does: delivered in full, the seller is paid.
	_, err = f.msg.SettleTrades(f.ctx.WithBlockTime(afterSlot), &types.MsgSettleTrades{Signer: f.gridop,
		Settlements: []types.Settlement{{TradeId: id, DeliveredWh: 2_000}}})
	require.NoError(t, err)
	require.Equal(t, aliceBefore.Add(trade.PaymentUpwc), f.balance(t, f.alice, bondDenom))
	require.Equal(t, types.EnergyCredits(2_000), f.balance(t, f.bob, ecDenom).Sub(sdkmath.NewInt(1_000_000_000_000)))
	f.requireEscrowInvariant(t)
}

func TestBilateralTradeRefusals(t *testing.T) {
	tests := []struct {
		name string
		edit func(f *fixture, bt *types.BilateralTrade)
		err  error
	}{
		{"buying from oneself", func(_ *fixture, bt *types.BilateralTrade) { bt.Buyer = bt.Seller }, types.ErrSelfTrade},
		{"more than one slot", func(_ *fixture, bt *types.BilateralTrade) { bt.SlotEnd = bt.SlotEnd.Add(time.Minute) }, types.ErrSlotNotAligned},
		{"off the slot grid", func(_ *fixture, bt *types.BilateralTrade) { bt.SlotStart = bt.SlotStart.Add(time.Minute) }, types.ErrSlotNotAligned},
		{"past gate closure", func(_ *fixture, bt *types.BilateralTrade) { bt.SlotStart, bt.SlotEnd = now, now.Add(15*time.Minute) }, types.ErrGateClosed},
		{"off tick", func(_ *fixture, bt *types.BilateralTrade) { bt.Price = 150_001 }, types.ErrOffTick},
		{"someone else's meter", func(_ *fixture, bt *types.BilateralTrade) { bt.MeterID = "carol-solar" }, types.ErrNoMeter},
		{"above the meter's capacity", func(_ *fixture, bt *types.BilateralTrade) { bt.MeterID, bt.QuantityWh = "alice-small", 2_001 }, types.ErrOverCapacity},
		{"renewable from a grid meter", func(f *fixture, bt *types.BilateralTrade) { bt.Seller, bt.MeterID = f.carol, "carol-grid" }, types.ErrInvalidOrder},
		{"a buyer who cannot pay", func(f *fixture, bt *types.BilateralTrade) { bt.Buyer = f.gov }, types.ErrInsufficientFunds},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			bt := bilateral(f)
			tc.edit(f, &bt)
			cache, _ := f.ctx.CacheContext()

			_, err := f.k.OpenBilateralTrade(cache, bt)

			require.ErrorIs(t, err, tc.err)
		})
	}
}
