package beckn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"time"
)

// SettlementTagGroup is the code of the order tag group in which a
// PowerShare BPP names the chain accounts an order settles between (Beckn
// core v1.1.1 Order.tags, a TagGroup whose list holds Tags). Its tags:
// buyer-account and seller-account (bech32 accounts), meter-id (the
// seller's meter) and renewable ("true" or "false"; absent is "false").
const SettlementTagGroup = "powershare-settlement"

// The tag codes of the settlement tag group.
const (
	TagBuyerAccount  = "buyer-account"
	TagSellerAccount = "seller-account"
	TagMeterID       = "meter-id"
	TagRenewable     = "renewable"
)

// Bounds of the amounts an on_confirm may state.
const (
	// maxTotalFractionDigits: a price of at most 6 fraction digits per kWh
	// times a whole number of Wh, divided by 1,000, has at most 9.
	maxTotalFractionDigits = 9
	maxAmountIntegerDigits = 24
)

// ConfirmTerms are the terms of a confirmed order as a Beckn core v1.1.x
// on_confirm states them: what an anchor of that order must repeat.
type ConfirmTerms struct {
	// Version is context.version: 1.1.0 or 1.1.1.
	Version string
	// Domain, TransactionID, MessageID and Timestamp are the context's.
	Domain, TransactionID, MessageID string
	Timestamp                        time.Time
	// BapID, BapURI, BppID and BppURI are the parties of context.
	BapID, BapURI, BppID, BppURI string
	// OrderID is message.order.id.
	OrderID string
	// QuantityWh is the sum of items[].quantity.selected.measure, in Wh.
	QuantityWh uint64
	// Currency and Total are message.order.quote.price, the value in its
	// canonical form (CanonicalAmount).
	Currency, Total string
	// DeliveryStart and DeliveryEnd are the one time.range of the
	// fulfillments' stops, in UTC.
	DeliveryStart, DeliveryEnd time.Time
	// Settlement is the SettlementTagGroup, nil when the order has none.
	Settlement *SettlementTerms
}

// SettlementTerms are the on-chain parties of an order (SettlementTagGroup).
type SettlementTerms struct {
	Buyer, Seller, MeterID string
	Renewable              bool
}

// The wire shapes of the parts of a v1.1.1 on_confirm that are read;
// encoding/json ignores the rest. Only structs and slices: nothing is
// iterated in an order the input does not fix.
type (
	onConfirm struct {
		Context struct {
			Domain        string `json:"domain"`
			Action        string `json:"action"`
			Version       string `json:"version"`
			BapID         string `json:"bap_id"`
			BapURI        string `json:"bap_uri"`
			BppID         string `json:"bpp_id"`
			BppURI        string `json:"bpp_uri"`
			TransactionID string `json:"transaction_id"`
			MessageID     string `json:"message_id,omitempty"`
			Timestamp     string `json:"timestamp,omitempty"`
		} `json:"context"`
		Message struct {
			Order *wireOrder `json:"order"`
		} `json:"message"`
	}
	wireOrder struct {
		ID           string            `json:"id"`
		Items        []wireItem        `json:"items"`
		Quote        *wireQuote        `json:"quote"`
		Fulfillments []wireFulfillment `json:"fulfillments"`
		Tags         []wireTagGroup    `json:"tags,omitempty"`
	}
	wireItem struct {
		ID       string        `json:"id"`
		Quantity *wireQuantity `json:"quantity"`
	}
	wireQuantity struct {
		Selected *wireSelected `json:"selected"`
	}
	wireSelected struct {
		Measure *wireScalar `json:"measure"`
	}
	wireScalar struct {
		Unit  string      `json:"unit"`
		Value jsonDecimal `json:"value"`
	}
	wireQuote struct {
		Price *wirePrice `json:"price"`
	}
	wirePrice struct {
		Currency string      `json:"currency"`
		Value    jsonDecimal `json:"value"`
	}
	wireFulfillment struct {
		Stops []wireStop `json:"stops"`
	}
	wireStop struct {
		Type string    `json:"type,omitempty"`
		Time *wireTime `json:"time"`
	}
	wireTime struct {
		Range *wireRange `json:"range"`
	}
	wireRange struct {
		Start string `json:"start"`
		End   string `json:"end"`
	}
	wireTagGroup struct {
		Descriptor wireDescriptor `json:"descriptor"`
		List       []wireTag      `json:"list"`
	}
	wireTag struct {
		Descriptor wireDescriptor `json:"descriptor"`
		Value      string         `json:"value"`
	}
	wireDescriptor struct {
		Code string `json:"code"`
	}
)

// jsonDecimal is a decimal as Beckn writes it: a string ("12.50", as v1.1.1
// DecimalValue says) or, as many implementations send, a JSON number. Its
// text is kept as written and checked by the caller.
type jsonDecimal string

// UnmarshalJSON takes a JSON string or number.
func (d *jsonDecimal) UnmarshalJSON(bz []byte) error {
	if len(bz) > 0 && bz[0] == '"' {
		var s string
		if err := json.Unmarshal(bz, &s); err != nil {
			return err
		}
		*d = jsonDecimal(s)
		return nil
	}
	*d = jsonDecimal(bz)
	return nil
}

// MarshalJSON writes the string form.
func (d jsonDecimal) MarshalJSON() ([]byte, error) { return json.Marshal(string(d)) }

var decimalPattern = regexp.MustCompile(`^(0|[1-9][0-9]*)(\.[0-9]+)?$`)

// ParseConfirmTerms reads the terms of a Beckn core v1.1.x on_confirm body:
// context (action on_confirm, version 1.1.0 or 1.1.1, transaction_id,
// bap_id/bap_uri, bpp_id/bpp_uri, domain), message.order.id, the energy of
// its items (quantity.selected.measure in kWh or Wh), quote.price, the
// delivery window (the time.range of the fulfillments' stops, one window
// for the whole order) and the SettlementTagGroup. It refuses a body that
// is not one JSON object, or whose terms are missing, malformed or
// ambiguous (two windows, two settlement groups, a tag twice, a key twice
// or a read key spelled in another case: checkStrictKeys), saying which. It reads only the bytes given: the caller bounds their size.
func ParseConfirmTerms(body []byte) (ConfirmTerms, error) {
	if err := checkStrictKeys(body); err != nil {
		return ConfirmTerms{}, err
	}
	var msg onConfirm
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&msg); err != nil {
		return ConfirmTerms{}, fmt.Errorf("%w: not a Beckn on_confirm JSON object: %w", ErrInvalidBody, err)
	}
	if _, err := dec.Token(); err == nil {
		return ConfirmTerms{}, fmt.Errorf("%w: data after the JSON object", ErrInvalidBody)
	}
	c := msg.Context
	if c.Action != "on_confirm" {
		return ConfirmTerms{}, fmt.Errorf("%w: context.action is %q, not on_confirm", ErrInvalidBody, c.Action)
	}
	if c.Version != "1.1.0" && c.Version != "1.1.1" {
		return ConfirmTerms{}, fmt.Errorf("%w: context.version %q: Beckn core 1.1.0 or 1.1.1 is read", ErrInvalidBody, c.Version)
	}
	t := ConfirmTerms{
		Version: c.Version, Domain: c.Domain, TransactionID: c.TransactionID, MessageID: c.MessageID,
		BapID: c.BapID, BapURI: c.BapURI, BppID: c.BppID, BppURI: c.BppURI,
	}
	for _, f := range []struct{ name, value string }{
		{"context.transaction_id", c.TransactionID}, {"context.bap_id", c.BapID}, {"context.bap_uri", c.BapURI},
		{"context.bpp_id", c.BppID}, {"context.bpp_uri", c.BppURI}, {"context.domain", c.Domain},
	} {
		if f.value == "" {
			return ConfirmTerms{}, fmt.Errorf("%w: %s is missing", ErrInvalidBody, f.name)
		}
	}
	if c.Timestamp != "" {
		ts, err := time.Parse(time.RFC3339Nano, c.Timestamp)
		if err != nil {
			return ConfirmTerms{}, fmt.Errorf("%w: context.timestamp %q is not RFC 3339", ErrInvalidBody, c.Timestamp)
		}
		t.Timestamp = ts.UTC()
	}
	o := msg.Message.Order
	if o == nil || o.ID == "" {
		return ConfirmTerms{}, fmt.Errorf("%w: message.order.id is missing", ErrInvalidBody)
	}
	t.OrderID = o.ID
	var err error
	if t.QuantityWh, err = quantityWh(o.Items); err != nil {
		return ConfirmTerms{}, err
	}
	if o.Quote == nil || o.Quote.Price == nil || o.Quote.Price.Currency == "" {
		return ConfirmTerms{}, fmt.Errorf("%w: message.order.quote.price with currency and value is missing", ErrInvalidBody)
	}
	t.Currency = o.Quote.Price.Currency
	if t.Total, err = CanonicalAmount(string(o.Quote.Price.Value), maxTotalFractionDigits); err != nil {
		return ConfirmTerms{}, fmt.Errorf("%w: message.order.quote.price.value: %w", ErrInvalidBody, err)
	}
	if t.DeliveryStart, t.DeliveryEnd, err = deliveryWindow(o.Fulfillments); err != nil {
		return ConfirmTerms{}, err
	}
	if t.Settlement, err = settlement(o.Tags); err != nil {
		return ConfirmTerms{}, err
	}
	return t, nil
}

// quantityWh sums the items' selected measures, each a whole number of Wh.
func quantityWh(items []wireItem) (uint64, error) {
	if len(items) == 0 {
		return 0, fmt.Errorf("%w: message.order.items is empty", ErrInvalidBody)
	}
	var sum uint64
	for i, it := range items {
		if it.Quantity == nil || it.Quantity.Selected == nil || it.Quantity.Selected.Measure == nil {
			return 0, fmt.Errorf("%w: items[%d].quantity.selected.measure is missing", ErrInvalidBody, i)
		}
		m := it.Quantity.Selected.Measure
		var shift int
		switch m.Unit {
		case "kWh":
			shift = 3
		case "Wh":
		default:
			return 0, fmt.Errorf("%w: items[%d] measure unit %q: kWh or Wh", ErrInvalidBody, i, m.Unit)
		}
		wh, err := scaledInt(string(m.Value), shift)
		if err != nil || !wh.IsUint64() || wh.Sign() == 0 {
			return 0, fmt.Errorf("%w: items[%d] measure %q %s: a positive whole number of Wh", ErrInvalidBody, i, m.Value, m.Unit)
		}
		next := sum + wh.Uint64()
		if next < sum {
			return 0, fmt.Errorf("%w: the items' quantities overflow", ErrInvalidBody)
		}
		sum = next
	}
	return sum, nil
}

// deliveryWindow is the one time.range the fulfillments' stops give.
func deliveryWindow(fulfillments []wireFulfillment) (start, end time.Time, err error) {
	var found *wireRange
	for i, f := range fulfillments {
		for j, s := range f.Stops {
			if s.Time == nil || s.Time.Range == nil {
				continue
			}
			r := s.Time.Range
			if found != nil && (r.Start != found.Start || r.End != found.End) {
				return start, end, fmt.Errorf("%w: fulfillments[%d].stops[%d] has another time.range than an earlier stop; "+
					"an anchor covers one delivery window", ErrInvalidBody, i, j)
			}
			found = r
		}
	}
	if found == nil {
		return start, end, fmt.Errorf("%w: no fulfillments[].stops[].time.range gives the delivery window", ErrInvalidBody)
	}
	if start, err = time.Parse(time.RFC3339, found.Start); err != nil {
		return start, end, fmt.Errorf("%w: time.range.start %q is not RFC 3339", ErrInvalidBody, found.Start)
	}
	if end, err = time.Parse(time.RFC3339, found.End); err != nil {
		return start, end, fmt.Errorf("%w: time.range.end %q is not RFC 3339", ErrInvalidBody, found.End)
	}
	if !start.Before(end) {
		return start, end, fmt.Errorf("%w: time.range ends (%s) before it starts (%s)", ErrInvalidBody, found.End, found.Start)
	}
	return start.UTC(), end.UTC(), nil
}

// settlement reads the SettlementTagGroup, if the order has one.
func settlement(groups []wireTagGroup) (*SettlementTerms, error) {
	var s *SettlementTerms
	for _, g := range groups {
		if g.Descriptor.Code != SettlementTagGroup {
			continue
		}
		if s != nil {
			return nil, fmt.Errorf("%w: tag group %s appears twice", ErrInvalidBody, SettlementTagGroup)
		}
		s = &SettlementTerms{}
		seen := map[string]bool{} // only looked up, never iterated
		for _, tag := range g.List {
			code := tag.Descriptor.Code
			if seen[code] {
				return nil, fmt.Errorf("%w: tag %s of %s appears twice", ErrInvalidBody, code, SettlementTagGroup)
			}
			seen[code] = true
			switch code {
			case TagBuyerAccount:
				s.Buyer = tag.Value
			case TagSellerAccount:
				s.Seller = tag.Value
			case TagMeterID:
				s.MeterID = tag.Value
			case TagRenewable:
				switch tag.Value {
				case "true":
					s.Renewable = true
				case "false":
				default:
					return nil, fmt.Errorf("%w: tag %s is %q: true or false", ErrInvalidBody, TagRenewable, tag.Value)
				}
			default:
				return nil, fmt.Errorf("%w: unknown tag %q in %s (%s, %s, %s, %s)", ErrInvalidBody, code, SettlementTagGroup,
					TagBuyerAccount, TagSellerAccount, TagMeterID, TagRenewable)
			}
		}
		if s.Buyer == "" || s.Seller == "" || s.MeterID == "" {
			return nil, fmt.Errorf("%w: tag group %s needs %s, %s and %s", ErrInvalidBody, SettlementTagGroup,
				TagBuyerAccount, TagSellerAccount, TagMeterID)
		}
	}
	return s, nil
}

// scaledInt is the decimal s times 10^shift, which must be whole.
func scaledInt(s string, shift int) (*big.Int, error) {
	if !decimalPattern.MatchString(s) || len(s) > maxAmountIntegerDigits+maxTotalFractionDigits+1 {
		return nil, fmt.Errorf("%q is not a decimal such as 12.50", s)
	}
	whole, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	if len(frac) > shift {
		return nil, fmt.Errorf("%q has more than %d fraction digits", s, shift)
	}
	n, ok := new(big.Int).SetString(whole+frac+strings.Repeat("0", shift-len(frac)), 10)
	if !ok {
		return nil, fmt.Errorf("%q is not a decimal", s)
	}
	return n, nil
}

// formatScaled writes n / 10^shift in canonical form.
func formatScaled(n *big.Int, shift int) string {
	digits := n.String()
	if len(digits) <= shift {
		digits = strings.Repeat("0", shift-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-shift], strings.TrimRight(digits[len(digits)-shift:], "0")
	if frac == "" {
		return whole
	}
	return whole + "." + frac
}

// CanonicalAmount is the decimal s (at most fractionDigits significant
// fraction digits) with no leading or trailing zeros, so that two ways of
// writing one amount ("20.50", "20.5") compare equal as strings.
func CanonicalAmount(s string, fractionDigits int) (string, error) {
	n, err := scaledInt(s, fractionDigits)
	if err != nil {
		return "", err
	}
	return formatScaled(n, fractionDigits), nil
}

// QuoteTotal is what an order of quantityWh at pricePerKWh (a decimal of
// at most 6 fraction digits) costs, in canonical form: exact, as the
// product has at most 9 fraction digits.
func QuoteTotal(pricePerKWh string, quantityWh uint64) (string, error) {
	price, err := scaledInt(pricePerKWh, 6)
	if err != nil {
		return "", fmt.Errorf("price per kWh: %w", err)
	}
	total := price.Mul(price, new(big.Int).SetUint64(quantityWh)) // scaled by 10^6 * 10^3
	return formatScaled(total, maxTotalFractionDigits), nil
}

// PricePerKWh is the price per kWh the terms imply (Total x 1000 /
// QuantityWh), if it is exact within 6 fraction digits.
func (t ConfirmTerms) PricePerKWh() (string, error) {
	total, err := scaledInt(t.Total, maxTotalFractionDigits)
	if err != nil || t.QuantityWh == 0 {
		return "", fmt.Errorf("%w: total %q for %d Wh", ErrInvalidBody, t.Total, t.QuantityWh)
	}
	price, rem := new(big.Int).QuoRem(total, new(big.Int).SetUint64(t.QuantityWh), new(big.Int))
	if rem.Sign() != 0 {
		return "", fmt.Errorf("%w: %s %s for %d Wh is no price per kWh of at most 6 fraction digits", ErrInvalidBody,
			t.Total, t.Currency, t.QuantityWh)
	}
	return formatScaled(price, 6), nil
}

// OnConfirm writes the terms as a minimal Beckn core v1.1.1 on_confirm body
// that ParseConfirmTerms reads back: one item of QuantityWh Wh, the quote,
// one fulfillment whose one stop carries the delivery window, and the
// SettlementTagGroup when Settlement is set. A BPP that builds its own
// bodies may add anything else the spec allows.
func (t ConfirmTerms) OnConfirm() ([]byte, error) {
	var msg onConfirm
	c := &msg.Context
	c.Domain, c.Action, c.Version = t.Domain, "on_confirm", t.Version
	if c.Version == "" {
		c.Version = "1.1.1"
	}
	c.BapID, c.BapURI, c.BppID, c.BppURI = t.BapID, t.BapURI, t.BppID, t.BppURI
	c.TransactionID, c.MessageID = t.TransactionID, t.MessageID
	if !t.Timestamp.IsZero() {
		c.Timestamp = t.Timestamp.UTC().Format(time.RFC3339Nano)
	}
	o := &wireOrder{ID: t.OrderID, Quote: &wireQuote{Price: &wirePrice{Currency: t.Currency, Value: jsonDecimal(t.Total)}}}
	o.Items = []wireItem{{ID: "energy", Quantity: &wireQuantity{Selected: &wireSelected{
		Measure: &wireScalar{Unit: "Wh", Value: jsonDecimal(fmt.Sprint(t.QuantityWh))},
	}}}}
	window := &wireRange{Start: t.DeliveryStart.UTC().Format(time.RFC3339), End: t.DeliveryEnd.UTC().Format(time.RFC3339)}
	o.Fulfillments = []wireFulfillment{{Stops: []wireStop{{Type: "end", Time: &wireTime{Range: window}}}}}
	if s := t.Settlement; s != nil {
		o.Tags = []wireTagGroup{{Descriptor: wireDescriptor{Code: SettlementTagGroup}, List: []wireTag{
			{Descriptor: wireDescriptor{Code: TagBuyerAccount}, Value: s.Buyer},
			{Descriptor: wireDescriptor{Code: TagSellerAccount}, Value: s.Seller},
			{Descriptor: wireDescriptor{Code: TagMeterID}, Value: s.MeterID},
			{Descriptor: wireDescriptor{Code: TagRenewable}, Value: fmt.Sprint(s.Renewable)},
		}}}
	}
	msg.Message.Order = o
	return json.Marshal(msg)
}
