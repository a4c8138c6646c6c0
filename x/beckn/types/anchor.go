package types

import (
	"bytes"
	"strconv"
	"time"

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

// BindBody checks the size of the on_confirm body an anchor carries and
// sets the anchor's digest to the body's (an anchor that gives one must
// give the same). The caller charges gas for the body's bytes before.
func BindBody(a *OrderAnchor, maxBytes uint32) error {
	if len(a.Body) == 0 {
		return ErrInvalidBody.Wrap("the anchor carries no body: give the signed on_confirm's exact bytes (base64 in JSON)")
	}
	if len(a.Body) > int(maxBytes) {
		return ErrInvalidBody.Wrapf("body of %d bytes; at most max_body_bytes (%d)", len(a.Body), maxBytes)
	}
	digest := beckn.Digest(a.Body)
	if len(a.Digest) > 0 && !bytes.Equal(a.Digest, digest) {
		return ErrInvalidDigest.Wrapf("digest %s is not the body's (%s)", beckn.EncodeDigest(a.Digest), beckn.EncodeDigest(digest))
	}
	a.Digest = digest
	return nil
}

// BodyTerms reads the terms of an anchor's on_confirm body.
func BodyTerms(body []byte) (beckn.ConfirmTerms, error) {
	terms, err := beckn.ParseConfirmTerms(body)
	if err != nil {
		return beckn.ConfirmTerms{}, ErrInvalidBody.Wrap(err.Error())
	}
	return terms, nil
}

// CheckTerms refuses an anchor whose terms are not those of its signed
// on_confirm body, naming the first field that differs. A body's settlement
// tag group goes with, and only with, an anchor settled on chain.
func CheckTerms(a OrderAnchor, t beckn.ConfirmTerms) error {
	for _, f := range []struct{ name, anchor, body string }{
		{"transaction_id", a.TransactionId, t.TransactionID}, {"order_id", a.OrderId, t.OrderID},
		{"bap_id", a.BapId, t.BapID}, {"bpp_id", a.BppId, t.BppID}, {"domain", a.Domain, t.Domain},
		{"currency", a.Currency, t.Currency},
	} {
		if f.anchor != f.body {
			return ErrTermsMismatch.Wrapf("%s: the anchor has %q, the signed body %q", f.name, f.anchor, f.body)
		}
	}
	if a.QuantityWh != t.QuantityWh {
		return ErrTermsMismatch.Wrapf("quantity_wh: the anchor has %d, the signed body's items %d Wh", a.QuantityWh, t.QuantityWh)
	}
	total, err := beckn.QuoteTotal(a.Price, a.QuantityWh)
	if err != nil {
		return ErrInvalidAnchor.Wrapf("price %q: %v", a.Price, err)
	}
	if total != t.Total {
		return ErrTermsMismatch.Wrapf("price: the anchor's %s per kWh for %d Wh is %s %s; the signed body's quote is %s %s",
			a.Price, a.QuantityWh, total, a.Currency, t.Total, t.Currency)
	}
	if !a.DeliveryStart.Equal(t.DeliveryStart) {
		return ErrTermsMismatch.Wrapf("delivery_start: the anchor has %s, the signed body %s", a.DeliveryStart.UTC().Format(time.RFC3339),
			t.DeliveryStart.Format(time.RFC3339))
	}
	if !a.DeliveryEnd.Equal(t.DeliveryEnd) {
		return ErrTermsMismatch.Wrapf("delivery_end: the anchor has %s, the signed body %s", a.DeliveryEnd.UTC().Format(time.RFC3339),
			t.DeliveryEnd.Format(time.RFC3339))
	}
	s := t.Settlement
	switch {
	case s == nil && a.SettlesOnChain():
		return ErrTermsMismatch.Wrapf("buyer, seller: the anchor settles on chain; the signed body has no %s tag group", beckn.SettlementTagGroup)
	case s == nil:
		return nil
	case !a.SettlesOnChain():
		return ErrTermsMismatch.Wrapf("buyer, seller: the signed body settles on chain (%s tag group); the anchor names no accounts",
			beckn.SettlementTagGroup)
	}
	for _, f := range []struct{ name, anchor, body string }{
		{"buyer", a.Buyer, s.Buyer}, {"seller", a.Seller, s.Seller}, {"meter_id", a.MeterId, s.MeterID},
	} {
		if f.anchor != f.body {
			return ErrTermsMismatch.Wrapf("%s: the anchor has %q, the signed body %q", f.name, f.anchor, f.body)
		}
	}
	if a.Renewable != s.Renewable {
		return ErrTermsMismatch.Wrapf("renewable: the anchor has %t, the signed body %t", a.Renewable, s.Renewable)
	}
	return nil
}

// Terms are the anchor's terms as an on_confirm states them, with the
// given party uris: what a BPP signs for this anchor (beckn.ConfirmTerms
// OnConfirm writes the body). The quote is exact (beckn.QuoteTotal).
func (a OrderAnchor) Terms(bapURI, bppURI string) (beckn.ConfirmTerms, error) {
	total, err := beckn.QuoteTotal(a.Price, a.QuantityWh)
	if err != nil {
		return beckn.ConfirmTerms{}, ErrInvalidAnchor.Wrapf("price %q: %v", a.Price, err)
	}
	t := beckn.ConfirmTerms{
		Domain: a.Domain, TransactionID: a.TransactionId, MessageID: a.TransactionId + "/on_confirm",
		BapID: a.BapId, BapURI: bapURI, BppID: a.BppId, BppURI: bppURI, OrderID: a.OrderId,
		QuantityWh: a.QuantityWh, Currency: a.Currency, Total: total,
		DeliveryStart: a.DeliveryStart.UTC(), DeliveryEnd: a.DeliveryEnd.UTC(),
	}
	if a.SettlesOnChain() {
		t.Settlement = &beckn.SettlementTerms{Buyer: a.Buyer, Seller: a.Seller, MeterID: a.MeterId, Renewable: a.Renewable}
	}
	return t, nil
}
