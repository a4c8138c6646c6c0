package types_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/beckn/types"
)

var slot = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// grant consents to trade with "bob" or "carol" at 100,000 to 150,000
// upwc/kWh, 5 kWh a trade at most, delivered within 10:00-12:00, selling
// from meter-1 only, renewable allowed, 1,000,000 upwc in all.
func grant() types.SettlementAuthorization {
	return types.SettlementAuthorization{
		SpendLimit: sdkmath.NewInt(1_000_000), MaxPrice: 150_000, MinPrice: 100_000,
		Counterparties: []string{"bob", "carol"}, MaxQuantityWh: 5_000,
		NotBefore: slot, NotAfter: slot.Add(2 * time.Hour), MeterIds: []string{"meter-1"}, AllowRenewable: true,
	}
}

// trade is a sale to bob of 4 kWh at 100,000 upwc/kWh from meter-1 in the 10:00 slot.
func trade() types.SettlementTrade {
	return types.SettlementTrade{
		Counterparty: "bob", QuantityWh: 4_000, Price: 100_000, Notional: sdkmath.NewInt(400_000),
		Start: slot, End: slot.Add(15 * time.Minute), MeterID: "meter-1", Renewable: true,
	}
}

func TestSettlementAuthorizationNeverExecutesMsgs(t *testing.T) {
	auth := grant()

	res, err := auth.Accept(context.Background(), &types.MsgAnchorOrders{})

	require.Error(t, err)
	require.False(t, res.Accept)
	require.Equal(t, "/powershare.beckn.v1.MsgAnchorOrders", auth.MsgTypeURL())
}

// Finding 4 of issue 11: a consent binds the counterparty, the quantity per
// trade, the delivery window, the meter and the renewable flag, besides
// price and notional; whatever it does not grant is refused, and an
// accepted trade lowers what is left.
func TestSettlementAuthorizationSpend(t *testing.T) {
	tests := []struct {
		name   string
		grant  func(*types.SettlementAuthorization)
		trade  func(*types.SettlementTrade)
		left   int64 // -1: refused
		reason string
	}{
		{"a sale within every bound", nil, nil, 600_000, ""},
		{"a buy within every bound", nil, func(tr *types.SettlementTrade) { tr.Buying, tr.MeterID = true, "" }, 600_000, ""},
		{"the whole limit", nil, func(tr *types.SettlementTrade) { tr.Notional = sdkmath.NewInt(1_000_000) }, 0, ""},
		{"any counterparty granted", func(g *types.SettlementAuthorization) { g.Counterparties, g.AnyCounterparty = nil, true },
			func(tr *types.SettlementTrade) { tr.Counterparty = "mallory" }, 600_000, ""},
		{"any meter granted", func(g *types.SettlementAuthorization) { g.MeterIds, g.AnyMeter = nil, true },
			func(tr *types.SettlementTrade) { tr.MeterID = "meter-9" }, 600_000, ""},
		{"a purchase from a renewable seller needs no allow_renewable", func(g *types.SettlementAuthorization) { g.AllowRenewable = false },
			func(tr *types.SettlementTrade) { tr.Buying = true }, 600_000, ""},
		{"a buy above the cap", nil, func(tr *types.SettlementTrade) { tr.Buying, tr.Price = true, 150_001 }, -1, "buys at most"},
		{"a sale below the floor", nil, func(tr *types.SettlementTrade) { tr.Price = 99_999 }, -1, "sells at least"},
		{"a sale when the consent does not sell", func(g *types.SettlementAuthorization) { g.MinPrice = 0 }, nil, -1, "sells at least"},
		{"another counterparty", nil, func(tr *types.SettlementTrade) { tr.Counterparty = "mallory" }, -1, "counterparty mallory"},
		{"no counterparty named", func(g *types.SettlementAuthorization) { g.Counterparties = nil }, nil, -1, "counterparty bob"},
		{"a trade too large", nil, func(tr *types.SettlementTrade) { tr.QuantityWh = 5_001 }, -1, "at most 5000 Wh"},
		{"a slot before the window", nil, func(tr *types.SettlementTrade) { tr.Start, tr.End = slot.Add(-15*time.Minute), slot }, -1, "outside"},
		{"a slot after the window", nil, func(tr *types.SettlementTrade) {
			tr.Start, tr.End = slot.Add(2*time.Hour), slot.Add(2*time.Hour+15*time.Minute)
		}, -1, "outside"},
		{"another meter", nil, func(tr *types.SettlementTrade) { tr.MeterID = "meter-2" }, -1, "meter \"meter-2\""},
		{"no meter named", func(g *types.SettlementAuthorization) { g.MeterIds = nil }, nil, -1, "meter \"meter-1\""},
		{"renewable not allowed", func(g *types.SettlementAuthorization) { g.AllowRenewable = false }, nil, -1, "Energy Credits"},
		{"beyond the limit", nil, func(tr *types.SettlementTrade) { tr.Notional = sdkmath.NewInt(1_000_001) }, -1, "has left"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			auth, tr := grant(), trade()
			if tc.grant != nil {
				tc.grant(&auth)
			}
			if tc.trade != nil {
				tc.trade(&tr)
			}

			left, err := auth.Spend(tr)

			if tc.left < 0 {
				require.ErrorIs(t, err, types.ErrNoSettlementGrant)
				require.ErrorContains(t, err, tc.reason)
				return
			}
			require.NoError(t, err)
			require.True(t, sdkmath.NewInt(tc.left).Equal(left.SpendLimit), "left %s", left.SpendLimit)
		})
	}
}

// Finding 4 of issue 11: a consent must name what it grants; the safe
// choice (nothing) is the default.
func TestSettlementAuthorizationValidateBasic(t *testing.T) {
	ok := grant()
	require.NoError(t, ok.ValidateBasic())
	buyOnly := grant()
	buyOnly.MinPrice, buyOnly.MeterIds = 0, nil
	require.NoError(t, buyOnly.ValidateBasic(), "a buyer names no meter")
	for name, change := range map[string]func(*types.SettlementAuthorization){
		"no spend limit":                   func(g *types.SettlementAuthorization) { g.SpendLimit = sdkmath.ZeroInt() },
		"neither buys nor sells":           func(g *types.SettlementAuthorization) { g.MaxPrice, g.MinPrice = 0, 0 },
		"no counterparty":                  func(g *types.SettlementAuthorization) { g.Counterparties = nil },
		"counterparties and any":           func(g *types.SettlementAuthorization) { g.AnyCounterparty = true },
		"no quantity":                      func(g *types.SettlementAuthorization) { g.MaxQuantityWh = 0 },
		"no window end":                    func(g *types.SettlementAuthorization) { g.NotAfter = time.Time{} },
		"a window ending before its start": func(g *types.SettlementAuthorization) { g.NotAfter = g.NotBefore },
		"a sale without meters":            func(g *types.SettlementAuthorization) { g.MeterIds = nil },
		"meters and any meter":             func(g *types.SettlementAuthorization) { g.AnyMeter = true },
	} {
		g := grant()
		change(&g)
		require.ErrorIs(t, g.ValidateBasic(), types.ErrInvalidAnchor, name)
	}
}
