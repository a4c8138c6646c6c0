package types

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
)

var _ authz.Authorization = &SettlementAuthorization{}

// NewSettlementAuthorization returns a settlement consent.
func NewSettlementAuthorization(spendLimit sdkmath.Int, maxPrice, minPrice uint64) *SettlementAuthorization {
	return &SettlementAuthorization{SpendLimit: spendLimit, MaxPrice: maxPrice, MinPrice: minPrice}
}

// MsgTypeURL is the Msg the consent is filed under: MsgAnchorOrders.
func (a SettlementAuthorization) MsgTypeURL() string { return sdk.MsgTypeURL(&MsgAnchorOrders{}) }

// Accept refuses every Msg: the authorization is consent to settle anchors
// against the granter's account, read by x/beckn itself, and never lets the
// grantee execute a Msg in the granter's name.
func (a SettlementAuthorization) Accept(context.Context, sdk.Msg) (authz.AcceptResponse, error) {
	return authz.AcceptResponse{Accept: false},
		ErrUnauthorized.Wrap("a SettlementAuthorization is consent to settlement, not a grant to execute Msgs")
}

// ValidateBasic checks the consent is usable.
func (a SettlementAuthorization) ValidateBasic() error {
	if a.SpendLimit.IsNil() || !a.SpendLimit.IsPositive() {
		return ErrInvalidAnchor.Wrap("spend_limit must be positive")
	}
	if a.MaxPrice == 0 && a.MinPrice == 0 {
		return ErrInvalidAnchor.Wrap("set max_price (to buy) or min_price (to sell), or both")
	}
	return nil
}

// Spend charges one trade of notional upwc at price (upwc per kWh) to the
// consent; buying says the granter is the buyer. It returns the consent
// left, or an error saying which bound the trade breaks.
func (a SettlementAuthorization) Spend(buying bool, notional sdkmath.Int, price uint64) (SettlementAuthorization, error) {
	switch {
	case buying && (a.MaxPrice == 0 || price > a.MaxPrice):
		return a, ErrNoSettlementGrant.Wrapf("buying at %d upwc/kWh; the consent buys at most at %d (0: not at all)", price, a.MaxPrice)
	case !buying && (a.MinPrice == 0 || price < a.MinPrice):
		return a, ErrNoSettlementGrant.Wrapf("selling at %d upwc/kWh; the consent sells at least at %d (0: not at all)", price, a.MinPrice)
	case notional.GT(a.SpendLimit):
		return a, ErrNoSettlementGrant.Wrapf("a trade of %s upwc exceeds the %s upwc the consent has left", notional, a.SpendLimit)
	}
	a.SpendLimit = a.SpendLimit.Sub(notional)
	return a, nil
}
