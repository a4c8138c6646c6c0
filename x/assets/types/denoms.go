package types

import (
	"strings"

	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// The tokens this module issues. PowerCoin, the bond and settlement denom,
// is the app's: the keeper is told it at wiring (Keeper.WithBondDenom).
const (
	// EnergyCreditDenom is the Energy Credit base unit (1 EC = 1 kWh, so 1 uec = 1 mWh).
	EnergyCreditDenom = "uec"
	// CommunityTokenDenom is the Community Token base unit (participation points).
	CommunityTokenDenom = "uct"
	// CarbonCreditDenom is the Carbon Credit base unit (1 CC = 1 tCO2e, so 1 ucc = 1 gCO2e).
	CarbonCreditDenom = "ucc"

	// DenomExponent is the number of decimals between each token's display unit and its base unit.
	DenomExponent = 6
)

// DenomMetadata describes the module's three tokens for x/bank's genesis.
func DenomMetadata() []banktypes.Metadata {
	return []banktypes.Metadata{
		TokenMetadata(EnergyCreditDenom, "EC", "Energy Credit",
			"1 EC certifies 1 kWh of metered renewable production attested by a grid operator."),
		TokenMetadata(CommunityTokenDenom, "CT", "Community Token",
			"Participation points of a community; moves only between members of the same community."),
		TokenMetadata(CarbonCreditDenom, "CC", "Carbon Credit",
			"1 CC is 1 tCO2e avoided; retiring it burns it into a permanent retirement certificate."),
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
