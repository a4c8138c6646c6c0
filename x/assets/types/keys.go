// Package types holds what x/assets shares with its clients and the app:
// the generated messages and state records, params, genesis validation,
// errors, the EC, CT and CC denoms and the hooks other modules implement.
package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the assets module.
	ModuleName = "assets"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
	// TreasuryName is the module account holding the PowerCoin treasury.
	TreasuryName = "treasury"

	// WhToUec converts attested energy to Energy Credits: 1 EC = 1 kWh = 10^6 uec, so 1 Wh = 1,000 uec.
	WhToUec = 1_000
)

// Store prefixes, one per collection.
var (
	ParamsKey             = collections.NewPrefix(0)
	MetersKey             = collections.NewPrefix(1)
	MetersByOwnerKey      = collections.NewPrefix(2)
	MetersByCommunityKey  = collections.NewPrefix(3)
	MetersByZoneKey       = collections.NewPrefix(4)
	AttestationsKey       = collections.NewPrefix(5)
	IssuersKey            = collections.NewPrefix(6)
	BatchesKey            = collections.NewPrefix(7)
	BatchSeqKey           = collections.NewPrefix(8)
	SerialSeqKey          = collections.NewPrefix(9)
	CertificatesKey       = collections.NewPrefix(10)
	CertificateSeqKey     = collections.NewPrefix(11)
	CertsByOwnerKey       = collections.NewPrefix(12)
	CertsByBeneficiaryKey = collections.NewPrefix(13)
	TotalsKey             = collections.NewPrefix(14)
	CommunityUsageKey     = collections.NewPrefix(15)
	TreasuryUsageKey      = collections.NewPrefix(16)
	CarbonCarryKey        = collections.NewPrefix(17)
	EpochKey              = collections.NewPrefix(18)
	MeterProposalsKey     = collections.NewPrefix(19)
	AttestationsByEndKey  = collections.NewPrefix(20)
	PrunedUntilKey        = collections.NewPrefix(21)
)
