package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/beckn/types"
	markettypes "github.com/powershare/powershare/x/market/types"
)

var (
	// SettlementGrantMsgType is the authz grant by which a buyer or seller
	// lets a relay settle anchored orders against its account. The ante
	// handler refuses this Msg to anyone but a RELAY, so the grant cannot be
	// used to anchor in the granter's name: it only expresses consent.
	SettlementGrantMsgType = sdk.MsgTypeURL(&types.MsgAnchorOrders{})
	placeOrderMsgType      = sdk.MsgTypeURL(&markettypes.MsgPlaceOrder{})
)

// openTrade opens the x/market trade of an anchor that names its buyer and
// seller. Each party must be allowed to trade (MsgPlaceOrder in the
// permission table) and must have granted the relay SettlementGrantMsgType,
// unless the party is the relay itself; then x/market escrows both sides
// exactly as for a fill of the book.
func (k Keeper) openTrade(ctx context.Context, relay sdk.AccAddress, msg sdk.Msg, a types.OrderAnchor) (uint64, error) {
	price, err := a.SettlementPrice()
	if err != nil {
		return 0, err
	}
	for _, party := range []struct{ role, addr string }{{"buyer", a.Buyer}, {"seller", a.Seller}} {
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
		if err := k.useSettlementGrant(ctx, relay, addr, msg); err != nil {
			return 0, errorsmod.Wrapf(err, "%s %s", party.role, party.addr)
		}
	}
	return k.market.OpenBilateralTrade(ctx, markettypes.BilateralTrade{
		Buyer: a.Buyer, Seller: a.Seller, MeterID: a.MeterId, Zone: a.Zone,
		SlotStart: a.DeliveryStart, SlotEnd: a.DeliveryEnd, QuantityWh: a.QuantityWh, Price: price,
		Renewable: a.Renewable, ExternalRef: "beckn:" + a.OrderId,
	})
}

// useSettlementGrant accepts the party's grant to the relay the way
// x/authz does when it executes a Msg: a grant that refuses, has expired or
// is missing stops the anchor; one that is used up is deleted; one that
// changes is saved.
func (k Keeper) useSettlementGrant(ctx context.Context, relay, party sdk.AccAddress, msg sdk.Msg) error {
	grant, expiration := k.authz.GetAuthorization(ctx, relay, party, SettlementGrantMsgType)
	if grant == nil {
		return types.ErrNoSettlementGrant.Wrapf("no authz grant of %s to the relay; the party grants it with "+
			"`powershared tx authz grant <relay> generic --msg-type %s`", SettlementGrantMsgType, SettlementGrantMsgType)
	}
	res, err := grant.Accept(ctx, msg)
	if err != nil {
		return errorsmod.Wrap(types.ErrNoSettlementGrant, err.Error())
	}
	if !res.Accept {
		return types.ErrNoSettlementGrant.Wrap("the grant refused this anchor")
	}
	if res.Delete {
		return k.authz.DeleteGrant(ctx, relay, party, SettlementGrantMsgType)
	}
	if res.Updated != nil {
		return k.authz.SaveGrant(ctx, relay, party, res.Updated, expiration)
	}
	return nil
}
