// Package keeper holds the state of x/rbac: role grants, the permission
// table, communities, membership requests and the audit trail.
package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/rbac/types"
)

// GrantKey addresses one grant: (address, role, community; 0 = chain-wide).
type GrantKey = collections.Triple[sdk.AccAddress, int32, uint64]

// GrantIndexes are the secondary lookups of grants.
type GrantIndexes struct {
	ByRole      *indexes.Multi[int32, GrantKey, types.Grant]
	ByCommunity *indexes.Multi[uint64, GrantKey, types.Grant]
}

// IndexesList implements collections.Indexes.
func (i GrantIndexes) IndexesList() []collections.Index[GrantKey, types.Grant] {
	return []collections.Index[GrantKey, types.Grant]{i.ByRole, i.ByCommunity}
}

// AuditIndexes are the secondary lookups of the audit trail.
type AuditIndexes struct {
	ByAddress *indexes.Multi[sdk.AccAddress, uint64, types.AuditEntry]
	ByRole    *indexes.Multi[int32, uint64, types.AuditEntry]
	ByHeight  *indexes.Multi[int64, uint64, types.AuditEntry]
}

// IndexesList implements collections.Indexes.
func (i AuditIndexes) IndexesList() []collections.Index[uint64, types.AuditEntry] {
	return []collections.Index[uint64, types.AuditEntry]{i.ByAddress, i.ByRole, i.ByHeight}
}

// Keeper of the rbac module.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	staking      types.StakingKeeper
	// msgRouter, when set, lets permission changes refuse type URLs that name no Msg of this chain.
	msgRouter MsgRouter
	// authority is the governance account, which acts like an ADMIN; empty
	// when the keeper was built without one.
	authority sdk.AccAddress

	Schema             collections.Schema
	Params             collections.Item[types.Params]
	Grants             *collections.IndexedMap[GrantKey, types.Grant, GrantIndexes]
	Permissions        collections.KeySet[collections.Pair[int32, string]]
	Communities        collections.Map[uint64, types.Community]
	CommunitySeq       collections.Sequence
	MembershipRequests collections.Map[collections.Pair[uint64, sdk.AccAddress], types.MembershipRequest]
	Audit              *collections.IndexedMap[uint64, types.AuditEntry, AuditIndexes]
	AuditSeq           collections.Sequence
	// OperatorExpiries queues OPERATOR grants with an expiry, by expiry time
	// (unix nanoseconds), so the EndBlocker finds the due ones without a scan.
	OperatorExpiries collections.KeySet[collections.Pair[int64, sdk.AccAddress]]
	// PendingJails queues operators whose OPERATOR role was revoked, by
	// revocation time (unix nanoseconds); the EndBlocker jails their validators.
	PendingJails collections.KeySet[collections.Pair[int64, sdk.AccAddress]]
	// JailAttempts counts the failed jailings still queued, by (queue, operator).
	JailAttempts collections.Map[collections.Pair[string, sdk.AccAddress], uint32]
	// StuckJails are the jailings given up on, by (queue, operator).
	StuckJails collections.Map[collections.Pair[string, sdk.AccAddress], types.StuckJail]
}

// NewKeeper returns the rbac keeper.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, addressCodec address.Codec,
	staking types.StakingKeeper, authority string,
) Keeper {
	var authorityAddr sdk.AccAddress
	if authority != "" {
		authorityAddr = moduleutil.MustAuthority(addressCodec, types.ModuleName, authority)
	}
	sb := collections.NewSchemaBuilder(storeService)
	grantKeyCodec := collections.TripleKeyCodec(sdk.AccAddressKey, collections.Int32Key, collections.Uint64Key)
	k := Keeper{
		cdc:          cdc,
		addressCodec: addressCodec,
		staking:      staking,
		authority:    authorityAddr,
		Params:       collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Grants: collections.NewIndexedMap(sb, types.GrantsKey, "grants", grantKeyCodec,
			codec.CollValue[types.Grant](cdc), GrantIndexes{
				ByRole: indexes.NewMulti(sb, types.GrantsByRoleKey, "grants_by_role", collections.Int32Key, grantKeyCodec,
					func(pk GrantKey, _ types.Grant) (int32, error) { return pk.K2(), nil }),
				ByCommunity: indexes.NewMulti(sb, types.GrantsByCommunityKey, "grants_by_community", collections.Uint64Key,
					grantKeyCodec, func(pk GrantKey, _ types.Grant) (uint64, error) { return pk.K3(), nil }),
			}),
		Permissions: collections.NewKeySet(sb, types.PermissionsKey, "permissions",
			collections.PairKeyCodec(collections.Int32Key, collections.StringKey)),
		Communities:  collections.NewMap(sb, types.CommunitiesKey, "communities", collections.Uint64Key, codec.CollValue[types.Community](cdc)),
		CommunitySeq: collections.NewSequence(sb, types.CommunitySeqKey, "community_seq"),
		MembershipRequests: collections.NewMap(sb, types.MembershipRequestsKey, "membership_requests",
			collections.PairKeyCodec(collections.Uint64Key, sdk.AccAddressKey), codec.CollValue[types.MembershipRequest](cdc)),
		Audit: collections.NewIndexedMap(sb, types.AuditKey, "audit", collections.Uint64Key,
			codec.CollValue[types.AuditEntry](cdc), AuditIndexes{
				ByAddress: indexes.NewMulti(sb, types.AuditByAddressKey, "audit_by_address", sdk.AccAddressKey,
					collections.Uint64Key, func(_ uint64, e types.AuditEntry) (sdk.AccAddress, error) {
						return auditAddress(addressCodec, e)
					}),
				ByRole: indexes.NewMulti(sb, types.AuditByRoleKey, "audit_by_role", collections.Int32Key, collections.Uint64Key,
					func(_ uint64, e types.AuditEntry) (int32, error) { return int32(e.Role), nil }),
				ByHeight: indexes.NewMulti(sb, types.AuditByHeightKey, "audit_by_height", collections.Int64Key,
					collections.Uint64Key, func(_ uint64, e types.AuditEntry) (int64, error) { return e.Height, nil }),
			}),
		AuditSeq: collections.NewSequence(sb, types.AuditSeqKey, "audit_seq"),
		OperatorExpiries: collections.NewKeySet(sb, types.OperatorExpiryQueueKey, "operator_expiries",
			collections.PairKeyCodec(collections.Int64Key, sdk.AccAddressKey)),
		PendingJails: collections.NewKeySet(sb, types.PendingOperatorJailsKey, "pending_jails",
			collections.PairKeyCodec(collections.Int64Key, sdk.AccAddressKey)),
		JailAttempts: collections.NewMap(sb, types.JailAttemptsKey, "jail_attempts",
			collections.PairKeyCodec(collections.StringKey, sdk.AccAddressKey), collections.Uint32Value),
		StuckJails: collections.NewMap(sb, types.StuckJailsKey, "stuck_jails",
			collections.PairKeyCodec(collections.StringKey, sdk.AccAddressKey), codec.CollValue[types.StuckJail](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(fmt.Errorf("building the rbac schema: %w", err))
	}
	k.Schema = schema
	return k
}

// auditAddress is the account an audit entry is filed under: its subject, or
// its actor when it has no subject (a permission change).
func auditAddress(ac address.Codec, e types.AuditEntry) (sdk.AccAddress, error) {
	addr := e.Subject
	if addr == "" {
		addr = e.Actor
	}
	if addr == "" {
		return sdk.AccAddress{}, nil
	}
	return ac.StringToBytes(addr)
}

// MsgRouter is the part of baseapp's Msg router the keeper uses.
type MsgRouter interface {
	HandlerByTypeURL(typeURL string) baseapp.MsgServiceHandler
}

// WithMsgRouter makes the keeper check permission type URLs against the
// chain's Msg router.
func (k Keeper) WithMsgRouter(router MsgRouter) Keeper {
	k.msgRouter = router
	return k
}

// AddressCodec returns the codec the keeper reads addresses with.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }
