package types

import (
	"context"
	"slices"
	"time"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
)

var _ authz.Authorization = &SettlementAuthorization{}

// MsgTypeURL is the Msg the consent is filed under: MsgAnchorOrders.
func (a SettlementAuthorization) MsgTypeURL() string { return sdk.MsgTypeURL(&MsgAnchorOrders{}) }

// Accept refuses every Msg: the authorization is consent to settle anchors
// against the granter's account, read by x/beckn itself, and never lets the
// grantee execute a Msg in the granter's name.
func (a SettlementAuthorization) Accept(context.Context, sdk.Msg) (authz.AcceptResponse, error) {
	return authz.AcceptResponse{Accept: false},
		ErrUnauthorized.Wrap("a SettlementAuthorization is consent to settlement, not a grant to execute Msgs")
}

// ValidateBasic checks the consent is usable and names what it grants:
// counterparties (or any_counterparty), a positive quantity per trade, a
// delivery window, and for selling the meters (or any_meter).
func (a SettlementAuthorization) ValidateBasic() error {
	if a.SpendLimit.IsNil() || !a.SpendLimit.IsPositive() {
		return ErrInvalidAnchor.Wrap("spend_limit must be positive")
	}
	if a.MaxPrice == 0 && a.MinPrice == 0 {
		return ErrInvalidAnchor.Wrap("set max_price (to buy) or min_price (to sell), or both")
	}
	if len(a.Counterparties) == 0 && !a.AnyCounterparty {
		return ErrInvalidAnchor.Wrap("name the counterparties (counterparties) or grant any_counterparty")
	}
	if len(a.Counterparties) > 0 && a.AnyCounterparty {
		return ErrInvalidAnchor.Wrap("counterparties and any_counterparty exclude each other")
	}
	if a.MaxQuantityWh == 0 {
		return ErrInvalidAnchor.Wrap("max_quantity_wh must be positive")
	}
	if !a.NotBefore.Before(a.NotAfter) {
		return ErrInvalidAnchor.Wrapf("the delivery window ends (not_after %s) before it starts (not_before %s)",
			a.NotAfter.UTC().Format(time.RFC3339), a.NotBefore.UTC().Format(time.RFC3339))
	}
	if len(a.MeterIds) > 0 && a.AnyMeter {
		return ErrInvalidAnchor.Wrap("meter_ids and any_meter exclude each other")
	}
	if a.MinPrice > 0 && len(a.MeterIds) == 0 && !a.AnyMeter {
		return ErrInvalidAnchor.Wrap("a consent to sell names the meters (meter_ids) or grants any_meter")
	}
	return nil
}

// SettlementTrade is one trade a relay asks a party's consent for.
type SettlementTrade struct {
	// Buying says the granter is the buyer.
	Buying bool
	// Counterparty is the other party's account.
	Counterparty string
	QuantityWh   uint64
	// Price is in upwc per kWh; Notional is quantity x price in upwc.
	Price      uint64
	Notional   sdkmath.Int
	Start, End time.Time
	// MeterID and Renewable are the seller's meter and whether EC go with the energy.
	MeterID   string
	Renewable bool
}

// Spend charges one trade to the consent. It returns the consent left, or
// an error saying which bound the trade breaks: what is not granted is
// refused. The meter and renewable flag bind a sale only: a purchase
// delivers from no meter of the granter and hands over none of its EC.
func (a SettlementAuthorization) Spend(t SettlementTrade) (SettlementAuthorization, error) {
	switch {
	case t.Buying && (a.MaxPrice == 0 || t.Price > a.MaxPrice):
		return a, ErrNoSettlementGrant.Wrapf("buying at %d upwc/kWh; the consent buys at most at %d (0: not at all)", t.Price, a.MaxPrice)
	case !t.Buying && (a.MinPrice == 0 || t.Price < a.MinPrice):
		return a, ErrNoSettlementGrant.Wrapf("selling at %d upwc/kWh; the consent sells at least at %d (0: not at all)", t.Price, a.MinPrice)
	case !a.AnyCounterparty && !slices.Contains(a.Counterparties, t.Counterparty):
		return a, ErrNoSettlementGrant.Wrapf("counterparty %s is not one the consent names (%d named)", t.Counterparty, len(a.Counterparties))
	case t.QuantityWh > a.MaxQuantityWh:
		return a, ErrNoSettlementGrant.Wrapf("a trade of %d Wh; the consent allows at most %d Wh per trade", t.QuantityWh, a.MaxQuantityWh)
	case t.Start.Before(a.NotBefore) || t.End.After(a.NotAfter):
		return a, ErrNoSettlementGrant.Wrapf("delivery %s to %s is outside the consent's window %s to %s",
			t.Start.UTC().Format(time.RFC3339), t.End.UTC().Format(time.RFC3339),
			a.NotBefore.UTC().Format(time.RFC3339), a.NotAfter.UTC().Format(time.RFC3339))
	case !t.Buying && !a.AnyMeter && !slices.Contains(a.MeterIds, t.MeterID):
		return a, ErrNoSettlementGrant.Wrapf("meter %q is not one the consent sells from", t.MeterID)
	case !t.Buying && t.Renewable && !a.AllowRenewable:
		return a, ErrNoSettlementGrant.Wrap("a renewable sale hands over Energy Credits; the consent does not allow it (allow_renewable)")
	case t.Notional.GT(a.SpendLimit):
		return a, ErrNoSettlementGrant.Wrapf("a trade of %s upwc exceeds the %s upwc the consent has left", t.Notional, a.SpendLimit)
	}
	a.SpendLimit = a.SpendLimit.Sub(t.Notional)
	return a, nil
}
