package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/beckn/types"
	markettypes "github.com/powershare/powershare/x/market/types"
)

var (
	// SettlementGrantMsgType is what a SettlementAuthorization is filed
	// under in x/authz.
	SettlementGrantMsgType = sdk.MsgTypeURL(&types.MsgAnchorOrders{})
	placeOrderMsgType      = sdk.MsgTypeURL(&markettypes.MsgPlaceOrder{})
)

// openTrade opens the x/market trade of an anchor that names its buyer and
// seller. Each party must be allowed to trade (MsgPlaceOrder in the
// permission table) and must have consented with a SettlementAuthorization
// granted to the relay that covers this trade, unless the party is the relay
// itself; then x/market escrows both sides exactly as for a fill of the book.
func (k Keeper) openTrade(ctx context.Context, relay sdk.AccAddress, a types.OrderAnchor) (uint64, error) {
	price, err := a.SettlementPrice()
	if err != nil {
		return 0, err
	}
	notional := markettypes.Payment(a.QuantityWh, price)
	for _, party := range []struct {
		role, addr, counterparty string
		buying                   bool
	}{{"buyer", a.Buyer, a.Seller, true}, {"seller", a.Seller, a.Buyer, false}} {
		addr, err := k.parseAddress(party.role, party.addr)
		if err != nil {
			return 0, err
		}
		if err := k.rbac.CheckPermission(ctx, addr, placeOrderMsgType); err != nil {
			return 0, errorsmod.Wrapf(err, "%s %s may not trade", party.role, party.addr)
		}
		if addr.Equals(relay) {
			continue // the relay's own signature is its consent
		}
		trade := types.SettlementTrade{
			Buying: party.buying, Counterparty: party.counterparty, QuantityWh: a.QuantityWh, Price: price, Notional: notional,
			Start: a.DeliveryStart, End: a.DeliveryEnd, MeterID: a.MeterId, Renewable: a.Renewable,
		}
		if err := k.useConsent(ctx, relay, addr, trade); err != nil {
			return 0, errorsmod.Wrapf(err, "%s %s", party.role, party.addr)
		}
	}
	return k.market.OpenBilateralTrade(ctx, markettypes.BilateralTrade{
		Buyer: a.Buyer, Seller: a.Seller, MeterID: a.MeterId, Zone: a.Zone,
		SlotStart: a.DeliveryStart, SlotEnd: a.DeliveryEnd, QuantityWh: a.QuantityWh, Price: price,
		Renewable: a.Renewable, ExternalRef: "beckn:" + a.OrderId,
	})
}

// useConsent charges a trade to the party's SettlementAuthorization for the
// relay: it must exist (x/authz drops expired grants) and grant every term
// of the trade (price, counterparty, quantity, window, meter, renewable,
// notional); what is left is saved, and a consent used up is deleted.
func (k Keeper) useConsent(ctx context.Context, relay, party sdk.AccAddress, trade types.SettlementTrade) error {
	grant, expiration := k.authz.GetAuthorization(ctx, relay, party, SettlementGrantMsgType)
	consent, ok := grant.(*types.SettlementAuthorization)
	if !ok {
		return types.ErrNoSettlementGrant.Wrap("no SettlementAuthorization granted to the relay; the party grants one with " +
			"`powershared tx beckn grant-settlement <relay> <spend-limit-upwc> --max-price P | --min-price P " +
			"--counterparty ADDR --max-quantity-wh Q --not-after T ...` (see its --help)")
	}
	left, err := consent.Spend(trade)
	if err != nil {
		return err
	}
	if left.SpendLimit.IsZero() {
		return k.authz.DeleteGrant(ctx, relay, party, SettlementGrantMsgType)
	}
	return k.authz.SaveGrant(ctx, relay, party, &left, expiration)
}
