// Package params holds the constants of the PowerShare application: its name,
// address prefixes, the PowerCoin bond denom and the default minimum gas
// price. Only the app, its commands and tests import it: modules under x/
// never import app/ (depguard enforces it) and take the bond denom as a
// keeper option. The Energy Credit, Community Token and Carbon Credit denoms
// are x/assets' own (x/assets/types/denoms.go).
package params

import (
	"os"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

const (
	// AppName is the name of the application, reported over ABCI Info.
	AppName = "powershare"

	// Bech32Prefix is the human readable part of every PowerShare account address.
	Bech32Prefix = "power"

	// BondDenom is PowerCoin's base unit: the bond, fee and settlement denom.
	BondDenom = "upwc"

	// DefaultMinGasPrice is the minimum gas price a node accepts unless its operator says otherwise.
	DefaultMinGasPrice = "0.001" + BondDenom
)

// Bech32 prefixes derived from Bech32Prefix, as the SDK conventions name them.
var (
	Bech32PrefixAccAddr  = Bech32Prefix
	Bech32PrefixAccPub   = Bech32Prefix + sdk.PrefixPublic
	Bech32PrefixValAddr  = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixOperator
	Bech32PrefixValPub   = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixOperator + sdk.PrefixPublic
	Bech32PrefixConsAddr = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixConsensus
	Bech32PrefixConsPub  = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixConsensus + sdk.PrefixPublic
)

// SetAddressPrefixes configures the SDK's global bech32 config once per process.
// Clients and the daemon need it for printing addresses; the state machine
// itself decodes addresses with the address codecs built from the same prefixes.
func SetAddressPrefixes() {
	// The SDK keeps one config per scope and, unless told the scope, derives
	// it from the hostname and executable path on every GetConfig call: about
	// a fifth of block execution time in profiles. Naming the scope once
	// removes that cost; it must happen before the prefixes are stored.
	if os.Getenv(sdk.EnvConfigScope) == "" {
		if err := os.Setenv(sdk.EnvConfigScope, AppName); err != nil {
			panic(err)
		}
	}
	config := sdk.GetConfig()
	config.SetBech32PrefixForAccount(Bech32PrefixAccAddr, Bech32PrefixAccPub)
	config.SetBech32PrefixForValidator(Bech32PrefixValAddr, Bech32PrefixValPub)
	config.SetBech32PrefixForConsensusNode(Bech32PrefixConsAddr, Bech32PrefixConsPub)
	sdk.DefaultBondDenom = BondDenom
}
