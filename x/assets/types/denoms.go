package types

import (
	"strconv"
	"strings"

	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// The tokens this module issues. PowerCoin, the bond and settlement denom,
// is the app's: the keeper is told it at wiring (Keeper.WithBondDenom).
const (
	// EnergyCreditDenom is the Energy Credit base unit (1 EC = 1 kWh, so 1 uec = 1 mWh).
	EnergyCreditDenom = "uec"
	// CommunityTokenPrefix starts every Community Token denom: each community
	// has its own, uct/<community id> (participation points of that community).
	CommunityTokenPrefix = "uct/"
	// CarbonCreditDenom is the Carbon Credit base unit (1 CC = 1 tCO2e, so 1 ucc = 1 gCO2e).
	CarbonCreditDenom = "ucc"

	// DenomExponent is the number of decimals between each token's display unit and its base unit.
	DenomExponent = 6
)

// CommunityTokenDenom is the Community Token denom of a community,
// uct/<id>. Community ids are decimal uint64s, so the denom always passes
// the SDK's denom regex ([a-zA-Z][a-zA-Z0-9/:._-]{2,127}): at most 24
// characters of letters, digits and one '/'.
func CommunityTokenDenom(community uint64) string {
	return CommunityTokenPrefix + strconv.FormatUint(community, 10)
}

// ParseCommunityTokenDenom tells whether denom is a Community Token denom
// (anything starting with uct/, and the retired bare uct) and, if so, the
// community it belongs to. A CT denom that is not the canonical
// uct/<id> of a community id >= 1 fails: no such coin is ever minted,
// so it is refused rather than let through.
func ParseCommunityTokenDenom(denom string) (community uint64, isCT bool, err error) {
	rest, ok := strings.CutPrefix(denom, CommunityTokenPrefix)
	if !ok {
		if denom == "uct" {
			return 0, true, ErrCommunityToken.Wrap("uct is no Community Token denom: each community has its own, uct/<community id>")
		}
		return 0, false, nil
	}
	id, perr := strconv.ParseUint(rest, 10, 64)
	if perr != nil || id == 0 || CommunityTokenDenom(id) != denom {
		return 0, true, ErrCommunityToken.Wrapf("%s is not a Community Token denom: write uct/<community id>, e.g. uct/1", denom)
	}
	return id, true, nil
}

// DenomMetadata describes the module's chain-wide tokens for x/bank's
// genesis. Community Tokens are described one community at a time
// (CommunityTokenMetadata), when the community's first token is minted.
func DenomMetadata() []banktypes.Metadata {
	return []banktypes.Metadata{
		TokenMetadata(EnergyCreditDenom, "EC", "Energy Credit",
			"1 EC certifies 1 kWh of metered renewable production attested by a grid operator."),
		TokenMetadata(CarbonCreditDenom, "CC", "Carbon Credit",
			"1 CC is 1 tCO2e avoided; retiring it burns it into a permanent retirement certificate."),
	}
}

// CommunityTokenMetadata describes community's Community Token: base
// uct/<id>, display ct/<id> (6 decimals), symbol CT/<id>.
func CommunityTokenMetadata(community uint64) banktypes.Metadata {
	id := strconv.FormatUint(community, 10)
	base, display := CommunityTokenDenom(community), "ct/"+id
	return banktypes.Metadata{
		Description: "Participation points of community " + id + "; held only by members of community " + id + ".",
		DenomUnits: []*banktypes.DenomUnit{
			{Denom: base, Exponent: 0},
			{Denom: display, Exponent: DenomExponent},
		},
		Base:    base,
		Display: display,
		Name:    "Community Token " + id,
		Symbol:  "CT/" + id,
	}
}

// TokenMetadata describes a token of DenomExponent decimals. Display denoms
// must be at least 3 characters, so they spell the name ("energycredit")
// rather than the symbol ("EC").
func TokenMetadata(base, symbol, name, description string) banktypes.Metadata {
	display := strings.ToLower(strings.ReplaceAll(name, " ", ""))
	return banktypes.Metadata{
		Description: description,
		DenomUnits: []*banktypes.DenomUnit{
			{Denom: base, Exponent: 0},
			{Denom: display, Exponent: DenomExponent},
		},
		Base:    base,
		Display: display,
		Name:    name,
		Symbol:  symbol,
	}
}
