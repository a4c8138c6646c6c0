package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/powershare/powershare/x/beckn/keeper"
	"github.com/powershare/powershare/x/beckn/types"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// settled is anchor n settled on chain: bob buys from alice's meter.
func settled(n int) types.OrderAnchor {
	a := anchor(n)
	a.Buyer, a.Seller, a.MeterId, a.Renewable = account("bob"), account("alice"), "alice-solar", true
	a.Currency, a.Price = types.SettlementCurrency, "150000"
	return sign(withBody(a), 1, now)
}

// grantSettlement files party's consent to the relay: up to 1,000,000 upwc
// of notional, buying up to 200,000 and selling from 100,000 upwc/kWh,
// with bob or alice, up to 5 kWh a trade, delivered within the next day,
// from alice-solar, renewable allowed.
func (f *fixture) grantSettlement(t *testing.T, party string) {
	t.Helper()
	f.grant(t, party, consent())
}

// consent is grantSettlement's consent.
func consent() *types.SettlementAuthorization {
	return &types.SettlementAuthorization{
		SpendLimit: sdkmath.NewInt(1_000_000), MaxPrice: 200_000, MinPrice: 100_000,
		Counterparties: []string{account("bob"), account("alice")}, MaxQuantityWh: 5_000,
		NotBefore: now, NotAfter: now.Add(24 * time.Hour), MeterIds: []string{"alice-solar"}, AllowRenewable: true,
	}
}

func (f *fixture) grant(t *testing.T, party string, auth authz.Authorization) {
	t.Helper()
	grantee, err := f.ac.StringToBytes(f.relay)
	require.NoError(t, err)
	granter, err := f.ac.StringToBytes(party)
	require.NoError(t, err)
	require.NoError(t, f.authz.SaveGrant(f.ctx, grantee, granter, auth, nil))
}

func (f *fixture) consentLeft(t *testing.T, party string) *types.SettlementAuthorization {
	t.Helper()
	grantee, err := f.ac.StringToBytes(f.relay)
	require.NoError(t, err)
	granter, err := f.ac.StringToBytes(party)
	require.NoError(t, err)
	auth, _ := f.authz.GetAuthorization(f.ctx, grantee, granter, keeper.SettlementGrantMsgType)
	if auth == nil {
		return nil
	}
	return auth.(*types.SettlementAuthorization)
}

func TestSettledAnchorOpensAMarketTrade(t *testing.T) {
	f := setup(t)
	f.network(t)
	f.grantSettlement(t, f.bob)
	f.grantSettlement(t, f.alice)

	res, err := f.anchorOrders(f.relay, settled(1))

	require.NoError(t, err)
	require.Equal(t, uint64(1), res.Results[0].TradeId)
	require.Equal(t, uint64(1), f.order(t, "order-1").TradeId)
	require.Equal(t, []markettypes.BilateralTrade{{
		Buyer: f.bob, Seller: f.alice, MeterID: "alice-solar", Zone: "zone-a",
		SlotStart: settled(1).DeliveryStart, SlotEnd: settled(1).DeliveryEnd, QuantityWh: 5_000, Price: 150_000,
		Renewable: true, ExternalRef: "beckn:order-1",
	}}, f.opened)

	// 5 kWh at 150,000 upwc/kWh is 750,000 upwc of each consent.
	require.Equal(t, sdkmath.NewInt(250_000), f.consentLeft(t, f.bob).SpendLimit)
	require.Equal(t, sdkmath.NewInt(250_000), f.consentLeft(t, f.alice).SpendLimit)

	// Anchoring it again opens nothing more.
	again, err := f.anchorOrders(f.relay, settled(1))
	require.NoError(t, err)
	require.True(t, again.Results[0].AlreadyAnchored)
	require.Equal(t, uint64(1), again.Results[0].TradeId)
	require.Len(t, f.opened, 1)
}

func TestSettledAnchorRefusals(t *testing.T) {
	tests := []struct {
		name   string
		grants []string
		anchor types.OrderAnchor
		market error
		err    error
	}{
		{"no grants", nil, settled(1), nil, types.ErrNoSettlementGrant},
		{"only the buyer granted", []string{"bob"}, settled(1), nil, types.ErrNoSettlementGrant},
		{"only the seller granted", []string{"alice"}, settled(1), nil, types.ErrNoSettlementGrant},
		{"a buyer who may not trade", []string{"nobody", "alice"}, withBuyer(settled(1), account("nobody")), nil, rbactypes.ErrUnauthorized},
		{"priced in rupees", []string{"bob", "alice"}, withPrice(settled(1), "7.50", "INR"), nil, types.ErrInvalidAnchor},
		{"a fractional upwc price", []string{"bob", "alice"}, withPrice(settled(1), "1.5", "upwc"), nil, types.ErrInvalidAnchor},
		{"no meter", []string{"bob", "alice"}, withMeter(settled(1), ""), nil, types.ErrInvalidAnchor},
		{"the market refuses", []string{"bob", "alice"}, settled(1), markettypes.ErrGateClosed, markettypes.ErrGateClosed},
		{"above the buyer's price", []string{"bob", "alice"}, withPrice(settled(1), "201000", "upwc"), nil, types.ErrNoSettlementGrant},
		{"below the seller's price", []string{"bob", "alice"}, withPrice(settled(1), "99000", "upwc"), nil, types.ErrNoSettlementGrant},
		{"beyond the spend limit", []string{"bob", "alice"}, withQuantity(settled(1), 7_000), nil, types.ErrNoSettlementGrant},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.network(t)
			for _, party := range tc.grants {
				f.grantSettlement(t, account(party))
			}
			f.marketErr = tc.market
			before := f.exported(t)

			_, err := f.anchorOrders(f.relay, tc.anchor)

			require.ErrorIs(t, err, tc.err)
			require.Equal(t, before, f.exported(t))
			require.Empty(t, f.opened)
		})
	}
}

func TestSettlementGrantIsNamedInTheError(t *testing.T) {
	f := setup(t)
	f.network(t)

	_, err := f.anchorOrders(f.relay, settled(1))

	require.ErrorContains(t, err, "buyer "+f.bob)
	require.ErrorContains(t, err, "tx beckn grant-settlement")
}

func withBuyer(a types.OrderAnchor, buyer string) types.OrderAnchor {
	a.Buyer = buyer
	return sign(withBody(a), 1, now)
}

func withPrice(a types.OrderAnchor, price, currency string) types.OrderAnchor {
	a.Price, a.Currency = price, currency
	return sign(withBody(a), 1, now)
}

func withMeter(a types.OrderAnchor, meter string) types.OrderAnchor {
	a.MeterId = meter
	return sign(withBody(a), 1, now)
}

func withQuantity(a types.OrderAnchor, wh uint64) types.OrderAnchor {
	a.QuantityWh = wh
	return sign(withBody(a), 1, now)
}

func TestAGenericGrantIsNoConsent(t *testing.T) {
	f := setup(t)
	f.network(t)
	f.grant(t, f.bob, authz.NewGenericAuthorization(keeper.SettlementGrantMsgType))
	f.grantSettlement(t, f.alice)

	_, err := f.anchorOrders(f.relay, settled(1))

	require.ErrorIs(t, err, types.ErrNoSettlementGrant)
	require.ErrorContains(t, err, "buyer "+f.bob)
	require.Empty(t, f.opened)
}

func TestAConsentUsedUpIsDeleted(t *testing.T) {
	f := setup(t)
	f.network(t)
	// Exactly two trades of 5 kWh at 100,000 upwc/kWh (500,000 upwc each).
	buys, sells := consent(), consent()
	buys.SpendLimit, buys.MaxPrice, buys.MinPrice = sdkmath.NewInt(1_000_000), 100_000, 0
	sells.SpendLimit, sells.MaxPrice = sdkmath.NewInt(5_000_000), 0
	f.grant(t, f.bob, buys)
	f.grant(t, f.alice, sells)
	cheap := func(n int) types.OrderAnchor { return withPrice(settled(n), "100000", "upwc") }

	_, err := f.anchorOrders(f.relay, cheap(1), cheap(2))
	require.NoError(t, err)
	require.Nil(t, f.consentLeft(t, f.bob), "bob's consent is used up")
	require.Equal(t, sdkmath.NewInt(4_000_000), f.consentLeft(t, f.alice).SpendLimit)

	_, err = f.anchorOrders(f.relay, cheap(3))
	require.ErrorIs(t, err, types.ErrNoSettlementGrant)
}
