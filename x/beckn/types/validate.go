package types

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/powershare/powershare/beckn"
)

var (
	// subscriberIDPattern: domain-like, lower-case labels joined by dots.
	subscriberIDPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$`)
	// domainPattern: Beckn domains such as deg:p2p-trading or ONDC:RET10.
	domainPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9:._/-]{0,63}$`)
	// idPattern: key, order and transaction ids (UUIDs and the like). '|'
	// is excluded because it separates the parts of the header's keyId.
	idPattern      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$`)
	countryPattern = regexp.MustCompile(`^[A-Z]{2,3}$`)
	cityPattern    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9:._-]{0,31}$`)
	// pricePattern: a non-negative decimal with at most 18 integer and 6 fraction digits.
	pricePattern    = regexp.MustCompile(`^(0|[1-9][0-9]{0,17})(\.[0-9]{1,6})?$`)
	currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)
)

// SettlementCurrency is the currency of anchors settled on chain: the price
// is then a whole number of upwc per kWh.
const SettlementCurrency = "upwc"

const maxURLLength = 512

// ValidateSubscriberID checks a subscriber id.
func ValidateSubscriberID(id string) error {
	if len(id) > 253 || !subscriberIDPattern.MatchString(id) {
		return ErrInvalidParticipant.Wrapf("subscriber id %q: lower-case domain-like labels joined by '.', e.g. bpp.powershare.example", id)
	}
	return nil
}

// ValidateDomain checks a Beckn domain.
func ValidateDomain(domain string) error {
	if !domainPattern.MatchString(domain) {
		return ErrInvalidParticipant.Wrapf("domain %q: 1 to 64 letters, digits, ':', '.', '_', '/' or '-', e.g. deg:p2p-trading", domain)
	}
	return nil
}

// ValidateID checks a key, order or transaction id.
func ValidateID(field, id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("%s %q: 1 to 128 letters, digits, '.', '_', ':', '@' or '-'", field, id)
	}
	return nil
}

// ValidateURL checks a subscriber url: https, or http on a loopback host for
// local networks; no credentials, query or fragment.
func ValidateURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || len(raw) > maxURLLength || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return ErrInvalidParticipant.Wrapf("url %q: an absolute https URL without credentials, query or fragment, at most %d characters", raw, maxURLLength)
	}
	switch host := u.Hostname(); {
	case u.Scheme == "https":
	case u.Scheme == "http" && (host == "localhost" || host == "127.0.0.1" || host == "::1"):
	default:
		return ErrInvalidParticipant.Wrapf("url %q: https is required (http only on a loopback host)", raw)
	}
	return nil
}

// ValidateLocation checks the optional country and city codes.
func ValidateLocation(country, city string) error {
	if country != "" && !countryPattern.MatchString(country) {
		return ErrInvalidParticipant.Wrapf("country %q: an upper-case ISO 3166-1 code such as IND", country)
	}
	if city != "" && !cityPattern.MatchString(city) {
		return ErrInvalidParticipant.Wrapf("city %q: a city code such as std:080", city)
	}
	return nil
}

// Validate refuses the unspecified type and numbers that name no type.
func (t SubscriberType) Validate() error {
	if _, ok := SubscriberType_name[int32(t)]; !ok || t == SubscriberType_SUBSCRIBER_TYPE_UNSPECIFIED {
		return ErrInvalidParticipant.Wrapf("type %s: BAP, BPP or BG", t)
	}
	return nil
}

// IsKnown says a status filter names a status or is unspecified (no filter).
func (s SubscriptionStatus) IsKnown() bool {
	_, ok := SubscriptionStatus_name[int32(s)]
	return ok
}

// Validate refuses the unspecified state and numbers that name no state.
func (s OrderState) Validate() error {
	if _, ok := OrderState_name[int32(s)]; !ok || s == OrderState_ORDER_STATE_UNSPECIFIED {
		return ErrInvalidState.Wrapf("state %s: CONFIRMED, ACTIVE, COMPLETED, CANCELLED or CURTAILED", s)
	}
	return nil
}

// ParseSubscriberType reads a type as the hand-written commands take it:
// the CLI's name (bap, bpp, bg) or the proto's (BAP, BPP, BG).
func ParseSubscriberType(name string) (SubscriberType, error) {
	t := SubscriberType(SubscriberType_value[strings.ToUpper(strings.TrimSpace(name))])
	if err := t.Validate(); err != nil {
		return t, ErrInvalidParticipant.Wrapf("type %q: bap, bpp or bg", name)
	}
	return t, nil
}

// ValidateDigest checks that a digest is a BLAKE2b-512 digest.
func ValidateDigest(digest []byte) error {
	if err := beckn.CheckDigest(digest); err != nil {
		return ErrInvalidDigest.Wrap(err.Error())
	}
	return nil
}
