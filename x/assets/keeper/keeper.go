// Package keeper holds the state of x/assets: meters and their attested
// production, Carbon Credit issuers, batches and retirement certificates,
// Community Token issuance and the PowerCoin treasury.
package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

// MeterIndexes are the secondary lookups of meters.
type MeterIndexes struct {
	ByOwner     *indexes.Multi[sdk.AccAddress, string, types.Meter]
	ByCommunity *indexes.Multi[uint64, string, types.Meter]
	ByZone      *indexes.Multi[string, string, types.Meter]
}

// IndexesList implements collections.Indexes.
func (i MeterIndexes) IndexesList() []collections.Index[string, types.Meter] {
	return []collections.Index[string, types.Meter]{i.ByOwner, i.ByCommunity, i.ByZone}
}

// CertificateIndexes are the secondary lookups of retirement certificates.
type CertificateIndexes struct {
	ByOwner       *indexes.Multi[sdk.AccAddress, uint64, types.Certificate]
	ByBeneficiary *indexes.Multi[string, uint64, types.Certificate]
}

// IndexesList implements collections.Indexes.
func (i CertificateIndexes) IndexesList() []collections.Index[uint64, types.Certificate] {
	return []collections.Index[uint64, types.Certificate]{i.ByOwner, i.ByBeneficiary}
}

// AttestationKey orders a meter's attestations by period start (unix ns).
type AttestationKey = collections.Pair[string, int64]

// AttestationIndexes order attestations by the end of their period (unix
// ns), oldest first, for pruning.
type AttestationIndexes struct {
	ByEnd *indexes.Multi[int64, AttestationKey, types.Attestation]
}

// IndexesList implements collections.Indexes.
func (i AttestationIndexes) IndexesList() []collections.Index[AttestationKey, types.Attestation] {
	return []collections.Index[AttestationKey, types.Attestation]{i.ByEnd}
}

// Keeper of the assets module.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	bank         types.BankKeeper
	accounts     types.AccountKeeper
	rbac         types.RBACKeeper
	// hooks sits behind a pointer so that every copy of the keeper (module,
	// msg server, send restriction) sees hooks installed after construction.
	hooks       *hooksHolder
	rewardPools []string
	// bondDenom is PowerCoin's denom, the app's, paid out by the treasury.
	bondDenom string
	// gov is the governance account, the only one that updates params.
	gov moduleutil.Governance

	Schema         collections.Schema
	Params         collections.Item[types.Params]
	Meters         *collections.IndexedMap[string, types.Meter, MeterIndexes]
	Attestations   *collections.IndexedMap[AttestationKey, types.Attestation, AttestationIndexes]
	Issuers        collections.KeySet[sdk.AccAddress]
	Batches        collections.Map[uint64, types.Batch]
	BatchSeq       collections.Sequence
	SerialSeq      collections.Sequence
	Certificates   *collections.IndexedMap[uint64, types.Certificate, CertificateIndexes]
	CertificateSeq collections.Sequence
	Totals         collections.Item[types.Totals]
	CommunityUsage collections.Map[uint64, types.EpochUsage]
	TreasuryUsage  collections.Item[types.EpochUsage]
	// CarbonCarry is each meter's accrued fraction of a gram (mg, < 1,000).
	CarbonCarry collections.Map[string, uint64]
	// Epoch is the current issuance epoch (absent until first used).
	Epoch collections.Item[types.Epoch]
	// MeterProposals are registrations and transfers awaiting an owner's consent.
	MeterProposals collections.Map[string, types.MeterProposal]
	// PrunedUntil is the latest end of a pruned attestation (unix ns).
	PrunedUntil collections.Item[int64]
}

// NewKeeper returns the assets keeper.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, addressCodec address.Codec,
	bank types.BankKeeper, accounts types.AccountKeeper, rbac types.RBACKeeper, authority string,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, addressCodec: addressCodec, bank: bank, accounts: accounts, rbac: rbac,
		gov: moduleutil.Governance{
			Address:           moduleutil.MustAuthority(addressCodec, types.ModuleName, authority),
			ErrInvalidAddress: types.ErrInvalidAddress,
			ErrUnauthorized:   types.ErrUnauthorized,
		},
		hooks:  &hooksHolder{},
		Params: collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Meters: collections.NewIndexedMap(sb, types.MetersKey, "meters", collections.StringKey,
			codec.CollValue[types.Meter](cdc), MeterIndexes{
				ByOwner: indexes.NewMulti(sb, types.MetersByOwnerKey, "meters_by_owner", sdk.AccAddressKey, collections.StringKey,
					func(_ string, m types.Meter) (sdk.AccAddress, error) { return addressCodec.StringToBytes(m.Owner) }),
				ByCommunity: indexes.NewMulti(sb, types.MetersByCommunityKey, "meters_by_community", collections.Uint64Key,
					collections.StringKey, func(_ string, m types.Meter) (uint64, error) { return m.CommunityId, nil }),
				ByZone: indexes.NewMulti(sb, types.MetersByZoneKey, "meters_by_zone", collections.StringKey,
					collections.StringKey, func(_ string, m types.Meter) (string, error) { return m.Zone, nil }),
			}),
		Attestations: collections.NewIndexedMap(sb, types.AttestationsKey, "attestations",
			collections.PairKeyCodec(collections.StringKey, collections.Int64Key), codec.CollValue[types.Attestation](cdc),
			AttestationIndexes{ByEnd: indexes.NewMulti(sb, types.AttestationsByEndKey, "attestations_by_end", collections.Int64Key,
				collections.PairKeyCodec(collections.StringKey, collections.Int64Key),
				func(_ AttestationKey, a types.Attestation) (int64, error) { return a.End.UnixNano(), nil })}),
		Issuers:   collections.NewKeySet(sb, types.IssuersKey, "issuers", sdk.AccAddressKey),
		Batches:   collections.NewMap(sb, types.BatchesKey, "batches", collections.Uint64Key, codec.CollValue[types.Batch](cdc)),
		BatchSeq:  collections.NewSequence(sb, types.BatchSeqKey, "batch_seq"),
		SerialSeq: collections.NewSequence(sb, types.SerialSeqKey, "serial_seq"),
		Certificates: collections.NewIndexedMap(sb, types.CertificatesKey, "certificates", collections.Uint64Key,
			codec.CollValue[types.Certificate](cdc), CertificateIndexes{
				ByOwner: indexes.NewMulti(sb, types.CertsByOwnerKey, "certificates_by_owner", sdk.AccAddressKey,
					collections.Uint64Key, func(_ uint64, c types.Certificate) (sdk.AccAddress, error) {
						return addressCodec.StringToBytes(c.Owner)
					}),
				ByBeneficiary: indexes.NewMulti(sb, types.CertsByBeneficiaryKey, "certificates_by_beneficiary",
					collections.StringKey, collections.Uint64Key,
					func(_ uint64, c types.Certificate) (string, error) { return c.Beneficiary, nil }),
			}),
		CertificateSeq: collections.NewSequence(sb, types.CertificateSeqKey, "certificate_seq"),
		Totals:         collections.NewItem(sb, types.TotalsKey, "totals", codec.CollValue[types.Totals](cdc)),
		CommunityUsage: collections.NewMap(sb, types.CommunityUsageKey, "community_usage", collections.Uint64Key,
			codec.CollValue[types.EpochUsage](cdc)),
		TreasuryUsage: collections.NewItem(sb, types.TreasuryUsageKey, "treasury_usage", codec.CollValue[types.EpochUsage](cdc)),
		CarbonCarry:   collections.NewMap(sb, types.CarbonCarryKey, "carbon_carry", collections.StringKey, collections.Uint64Value),
		Epoch:         collections.NewItem(sb, types.EpochKey, "epoch", codec.CollValue[types.Epoch](cdc)),
		MeterProposals: collections.NewMap(sb, types.MeterProposalsKey, "meter_proposals", collections.StringKey,
			codec.CollValue[types.MeterProposal](cdc)),
		PrunedUntil: collections.NewItem(sb, types.PrunedUntilKey, "pruned_until", collections.Int64Value),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(fmt.Errorf("building the assets schema: %w", err))
	}
	k.Schema = schema
	return k
}

type hooksHolder struct{ hooks types.MultiAssetsHooks }

// SetHooks installs the consumers of the module's hooks, each run in its
// own cached context; call it once while wiring, with every consumer.
func (k Keeper) SetHooks(h types.MultiAssetsHooks) {
	if k.hooks.hooks != nil {
		panic("assets hooks already set")
	}
	k.hooks.hooks = h
}

// WithRewardPools names the module accounts the treasury may pay into
// ("module:<name>"): pools whose module pays their balance out correctly,
// such as the fee collector. Any other module account is refused.
func (k Keeper) WithRewardPools(moduleNames ...string) Keeper {
	k.rewardPools = moduleNames
	return k
}

// WithBondDenom sets PowerCoin's denom, which the treasury pays out. The
// app sets it while wiring; the module refuses to start without it.
func (k Keeper) WithBondDenom(denom string) Keeper {
	if err := sdk.ValidateDenom(denom); err != nil {
		panic(fmt.Errorf("assets bond denom: %w", err))
	}
	k.bondDenom = denom
	return k
}

// BondDenom returns PowerCoin's denom, or "" before WithBondDenom.
func (k Keeper) BondDenom() string { return k.bondDenom }

// AddressCodec returns the codec the keeper reads addresses with.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }

// updateTotals applies change to the running totals.
func (k Keeper) updateTotals(ctx context.Context, change func(*types.Totals)) error {
	totals, err := k.Totals.Get(ctx)
	if err != nil {
		return err
	}
	change(&totals)
	return k.Totals.Set(ctx, totals)
}
