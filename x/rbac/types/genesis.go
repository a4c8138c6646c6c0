package types

import (
	"fmt"

	"cosmossdk.io/core/address"

	"github.com/powershare/powershare/x/internal/moduleutil"
)

// DefaultGenesis is the state of a new chain: the default permission table
// and no grants. A real chain names its ADMINs in genesis.
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params:          DefaultParams(),
		Permissions:     DefaultPermissions(),
		NextCommunityId: 1,
		NextAuditId:     1,
	}
}

// Validate checks the genesis state: params, one permission row per role,
// well-formed and unique grants, communities and requests that reference
// existing communities, and sequences ahead of every stored id.
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextCommunityId == 0 || gs.NextAuditId == 0 {
		return ErrInvalidGenesis.Wrap("next_community_id and next_audit_id start at 1")
	}
	if err := gs.validatePermissions(); err != nil {
		return err
	}
	communities, err := gs.validateCommunities()
	if err != nil {
		return err
	}
	if err := gs.validateGrants(ac, communities); err != nil {
		return err
	}
	if err := gs.validateRequests(ac, communities); err != nil {
		return err
	}
	for i, e := range gs.AuditEntries {
		if e.Id == 0 || e.Id >= gs.NextAuditId {
			return ErrInvalidGenesis.Wrapf("audit entry %d: id %d must be in [1, next_audit_id=%d)", i, e.Id, gs.NextAuditId)
		}
		if i > 0 && e.Id <= gs.AuditEntries[i-1].Id {
			return ErrInvalidGenesis.Wrapf("audit entries must be in increasing id order (entry %d)", i)
		}
		for _, addr := range []string{e.Actor, e.Subject} {
			if _, err := ac.StringToBytes(addr); addr != "" && err != nil {
				return ErrInvalidGenesis.Wrapf("audit entry %d: address %q: %v", e.Id, addr, err)
			}
		}
	}
	return nil
}

func (gs GenesisState) validatePermissions() error {
	seen := make(map[Role]bool)
	for _, row := range gs.Permissions {
		if err := row.Role.Validate(); err != nil {
			return ErrInvalidGenesis.Wrapf("permissions: %v", err)
		}
		if seen[row.Role] {
			return ErrInvalidGenesis.Wrapf("permissions: role %s listed twice", row.Role)
		}
		seen[row.Role] = true
		if err := ValidateTypeURLs(row.MsgTypeUrls); err != nil {
			return ErrInvalidGenesis.Wrapf("permissions of %s: %v", row.Role, err)
		}
	}
	return nil
}

func (gs GenesisState) validateCommunities() (map[uint64]bool, error) {
	ids := make(map[uint64]bool, len(gs.Communities))
	for _, c := range gs.Communities {
		if c.Id == 0 || c.Id >= gs.NextCommunityId {
			return nil, ErrInvalidGenesis.Wrapf("community id %d must be in [1, next_community_id=%d)", c.Id, gs.NextCommunityId)
		}
		if ids[c.Id] {
			return nil, ErrInvalidGenesis.Wrapf("community %d listed twice", c.Id)
		}
		ids[c.Id] = true
		if err := ValidateCommunityFields(c.Name, c.Zone, c.Geohash); err != nil {
			return nil, ErrInvalidGenesis.Wrapf("community %d: %v", c.Id, err)
		}
	}
	return ids, nil
}

func (gs GenesisState) validateGrants(ac address.Codec, communities map[uint64]bool) error {
	type grantKey struct {
		addr      string
		role      Role
		community uint64
	}
	seen := make(map[grantKey]bool, len(gs.Grants))
	perAddress := make(map[string]uint32)
	for i, g := range gs.Grants {
		// Canonical, as InitGenesis and every Msg insist.
		if _, err := moduleutil.ParseCanonicalAddress(ac, g.Address); err != nil {
			return ErrInvalidGenesis.Wrapf("grant %d: address %q: %v", i, g.Address, err)
		}
		if err := g.Role.Validate(); err != nil {
			return ErrInvalidGenesis.Wrapf("grant %d: %v", i, err)
		}
		if err := ValidateScope(g.Role, g.CommunityId); err != nil {
			return ErrInvalidGenesis.Wrapf("grant %d: %v", i, err)
		}
		if g.ExpiresAt != nil && g.ExpiresAt.After(MaxExpiry) {
			return ErrInvalidGenesis.Wrapf("grant %d: expiry after %s", i, MaxExpiry.Format("2006"))
		}
		if g.CommunityId != 0 && !communities[g.CommunityId] {
			return ErrInvalidGenesis.Wrapf("grant %d: unknown community %d", i, g.CommunityId)
		}
		key := grantKey{g.Address, g.Role, g.CommunityId}
		if seen[key] {
			return ErrInvalidGenesis.Wrapf("grant %d: %s holds %s in community %d twice", i, g.Address, g.Role, g.CommunityId)
		}
		seen[key] = true
		perAddress[g.Address]++
		if perAddress[g.Address] > gs.Params.MaxGrantsPerAddress {
			return ErrInvalidGenesis.Wrapf("%s holds more than max_grants_per_address=%d grants",
				g.Address, gs.Params.MaxGrantsPerAddress)
		}
	}
	return nil
}

func (gs GenesisState) validateRequests(ac address.Codec, communities map[uint64]bool) error {
	seen := make(map[string]bool)
	for i, r := range gs.MembershipRequests {
		if _, err := moduleutil.ParseCanonicalAddress(ac, r.Address); err != nil {
			return ErrInvalidGenesis.Wrapf("request %d: address %q: %v", i, r.Address, err)
		}
		if !communities[r.CommunityId] {
			return ErrInvalidGenesis.Wrapf("request %d: unknown community %d", i, r.CommunityId)
		}
		if !r.Role.IsMemberRole() {
			return ErrInvalidGenesis.Wrapf("request %d: role %s is not PROSUMER or CONSUMER", i, r.Role)
		}
		key := fmt.Sprintf("%d/%s", r.CommunityId, r.Address)
		if seen[key] {
			return ErrInvalidGenesis.Wrapf("request %d: %s asked to join community %d twice", i, r.Address, r.CommunityId)
		}
		seen[key] = true
	}
	return nil
}
