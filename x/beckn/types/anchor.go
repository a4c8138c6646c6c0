package types

import (
	"strconv"

	"cosmossdk.io/core/address"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/internal/moduleutil"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// ValidateAnchor checks an anchor's fields on their own; whether the relay
// may anchor it, and whether it settles, is the keeper's to decide.
func ValidateAnchor(ac address.Codec, a OrderAnchor) error {
	for _, f := range []struct{ name, value string }{
		{"transaction_id", a.TransactionId}, {"order_id", a.OrderId}, {"key_id", a.KeyId},
	} {
		if err := ValidateID(f.name, f.value); err != nil {
			return ErrInvalidAnchor.Wrap(err.Error())
		}
	}
	for _, id := range []string{a.BapId, a.BppId} {
		if err := ValidateSubscriberID(id); err != nil {
			return ErrInvalidAnchor.Wrap(err.Error())
		}
	}
	if err := ValidateDomain(a.Domain); err != nil {
		return ErrInvalidAnchor.Wrap(err.Error())
	}
	if err := ValidateDigest(a.Digest); err != nil {
		return err
	}
	if len(a.Signature) > 0 || a.SignatureCreated != 0 || a.SignatureExpires != 0 {
		if len(a.Signature) != beckn.SignatureSize || a.SignatureCreated <= 0 || a.SignatureExpires <= a.SignatureCreated {
			return ErrInvalidSignature.Wrapf("a signature has %d bytes and signature_created < signature_expires (unix s); got %d bytes, %d, %d",
				beckn.SignatureSize, len(a.Signature), a.SignatureCreated, a.SignatureExpires)
		}
	}
	if a.QuantityWh == 0 {
		return ErrInvalidAnchor.Wrap("quantity_wh must be positive")
	}
	if !pricePattern.MatchString(a.Price) {
		return ErrInvalidAnchor.Wrapf("price %q: a decimal such as 12.50 (at most 18 integer and 6 fraction digits)", a.Price)
	}
	if a.Currency != SettlementCurrency && !currencyPattern.MatchString(a.Currency) {
		return ErrInvalidAnchor.Wrapf("currency %q: an ISO 4217 code such as INR, or %s", a.Currency, SettlementCurrency)
	}
	if !a.DeliveryStart.Before(a.DeliveryEnd) {
		return ErrInvalidAnchor.Wrap("delivery_end must be after delivery_start")
	}
	if err := rbactypes.ValidateZone(a.Zone); err != nil {
		return ErrInvalidAnchor.Wrap(err.Error())
	}
	if !a.SettlesOnChain() {
		if a.Buyer != "" || a.Seller != "" || a.MeterId != "" || a.Renewable {
			return ErrInvalidAnchor.Wrap("on-chain settlement needs both buyer and seller; meter_id and renewable only with them")
		}
		return nil
	}
	for _, f := range []struct{ name, addr string }{{"buyer", a.Buyer}, {"seller", a.Seller}} {
		if _, err := moduleutil.ParseAddress(ac, ErrInvalidAddress, f.name, f.addr); err != nil {
			return err
		}
	}
	if a.Currency != SettlementCurrency {
		return ErrInvalidAnchor.Wrapf("an anchor settled on chain is priced in %s, not %s", SettlementCurrency, a.Currency)
	}
	if _, err := a.SettlementPrice(); err != nil {
		return err
	}
	if a.MeterId == "" {
		return ErrInvalidAnchor.Wrap("an anchor settled on chain names the seller's meter_id")
	}
	return nil
}

// SettlesOnChain says the anchor names its buyer and seller accounts.
func (a OrderAnchor) SettlesOnChain() bool { return a.Buyer != "" || a.Seller != "" }

// SettlementPrice is the price of an anchor settled on chain, in whole upwc per kWh.
func (a OrderAnchor) SettlementPrice() (uint64, error) {
	price, err := strconv.ParseUint(a.Price, 10, 64)
	if err != nil || price == 0 {
		return 0, ErrInvalidAnchor.Wrapf("price %q: a whole positive number of upwc per kWh for on-chain settlement", a.Price)
	}
	return price, nil
}
