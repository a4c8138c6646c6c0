package invariants_test

import (
	"fmt"
	"math/rand"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/blockbench"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// The cast. Every account starts with 10^15 upwc (blockbench's default).
// Communities 1 (zone-a) and 2 and 3 (zone-b); bob is a member of both 1
// and 2, so he is the one who could carry Community Tokens across.
const (
	admin = iota
	regulator
	gridop
	manager1 // COMMUNITY_MANAGER of community 1
	manager2 // COMMUNITY_MANAGER of community 2
	alice    // PROSUMER in 1
	bob      // PROSUMER in 1 and in 2
	carol    // PROSUMER in 2
	dave     // CONSUMER in 2
	erin     // CONSUMER in 3
	relayBAP // RELAY owning the BAP
	relayBPP // RELAY owning the BPPs
	outsider // no role at all
	issuer   // PROSUMER chain-wide, asks to issue Carbon Credits
	numAccounts
)

var names = [numAccounts]string{
	"admin", "regulator", "gridop", "manager1", "manager2", "alice", "bob", "carol", "dave", "erin",
	"relayBAP", "relayBPP", "outsider", "issuer",
}

// community is a community of the genesis.
type community struct {
	id   uint64
	zone string
}

var communities = []community{{1, "zone-a"}, {2, "zone-b"}, {3, "zone-b"}}

// genesisGrants are the roles of the cast at genesis.
func genesisGrants(accounts []*blockbench.Account) []rbactypes.Grant {
	g := func(who int, role rbactypes.Role, community uint64) rbactypes.Grant {
		return rbactypes.Grant{Address: accounts[who].Address.String(), Role: role, CommunityId: community}
	}
	return []rbactypes.Grant{
		g(admin, rbactypes.Role_ADMIN, 0),
		g(regulator, rbactypes.Role_REGULATOR, 0),
		g(gridop, rbactypes.Role_GRID_OPERATOR, 0),
		g(manager1, rbactypes.Role_COMMUNITY_MANAGER, 1),
		g(manager2, rbactypes.Role_COMMUNITY_MANAGER, 2),
		g(alice, rbactypes.Role_PROSUMER, 1),
		g(bob, rbactypes.Role_PROSUMER, 1), g(bob, rbactypes.Role_PROSUMER, 2),
		g(carol, rbactypes.Role_PROSUMER, 2),
		g(dave, rbactypes.Role_CONSUMER, 2),
		g(erin, rbactypes.Role_CONSUMER, 3),
		g(relayBAP, rbactypes.Role_RELAY, 0),
		g(relayBPP, rbactypes.Role_RELAY, 0),
		g(issuer, rbactypes.Role_PROSUMER, 0),
	}
}

// genesisZones are the zones registered at genesis (x/market refuses
// orders in a zone nobody registered).
var genesisZones = []string{"zone-a", "zone-b"}

// genesis replaces blockbench's roles (PROSUMER for everyone) by the cast's,
// keeping the validator operator's OPERATOR, adds the communities and
// registers their zones in x/market.
func genesis(cdc codec.JSONCodec, g app.GenesisState, accounts []*blockbench.Account) error {
	err := blockbench.UpdateGenesis(g, cdc, markettypes.ModuleName, &markettypes.GenesisState{}, func(s *markettypes.GenesisState) {
		for _, z := range genesisZones {
			s.Zones = append(s.Zones, markettypes.Zone{Id: z, Description: "invariants " + z})
		}
	})
	if err != nil {
		return err
	}
	return blockbench.UpdateGenesis(g, cdc, rbactypes.ModuleName, &rbactypes.GenesisState{}, func(s *rbactypes.GenesisState) {
		var kept []rbactypes.Grant
		for _, gr := range s.Grants {
			if gr.Role == rbactypes.Role_OPERATOR {
				kept = append(kept, gr)
			}
		}
		s.Grants = append(kept, genesisGrants(accounts)...)
		for _, c := range communities {
			s.Communities = append(s.Communities, rbactypes.Community{
				Id: c.id, Name: fmt.Sprintf("Community %d", c.id), Zone: c.zone, Geohash: "u33db",
			})
		}
		s.NextCommunityId = uint64(len(communities) + 1)
	})
}

// meter is a meter the run registered.
type meter struct {
	id        string
	owner     int
	community uint64
	zone      string
	renewable bool
	capacityW uint64
	attested  time.Time // end of the last attested period
}

// world is the model the generators draw from: who is who, what exists on
// chain (ids the run created), and the supply the chain must have.
type world struct {
	c        *chain
	mirror   *chain // the chain exported from, while it runs beside c
	rng      *rand.Rand
	accounts []*blockbench.Account
	gov      string // the governance authority

	meters      []*meter // accepted by their owners
	proposed    []*meter // registrations and transfers proposed (MsgAcceptMeter pending or done)
	orders      []uint64 // ids of orders ever placed
	trades      []uint64 // ids of trades ever opened
	batches     []uint64 // ids of Carbon Credit batches created
	subscribers []*subscriber
	anchors     []anchorRecord
	seq         int      // for unique ids
	sendGrants  [][2]int // (granter, grantee) of authz MsgSend grants
	consents    []int    // who granted the BAP's relay a SettlementAuthorization

	// everMember[addr][community]: addr held a member role in the community
	// at some point of the run (holding CT after leaving is allowed).
	everMember map[string]map[uint64]bool
	// leftWrites counts, by step kind, refused Msgs whose handler wrote to
	// its branch before failing (informational).
	leftWrites map[string]int
	// supply is what the bank's total supply must be, per denom.
	supply map[string]math.Int
}

func newWorld(c *chain, accounts []*blockbench.Account, seed int64) *world {
	w := &world{
		c: c, rng: rand.New(rand.NewSource(seed)), accounts: accounts,
		gov:        authtypes.NewModuleAddress(govtypes.ModuleName).String(),
		everMember: map[string]map[uint64]bool{},
		supply:     map[string]math.Int{},
		leftWrites: map[string]int{},
	}
	for _, g := range genesisGrants(accounts) {
		w.noteGrant(g.Address, g.Role, g.CommunityId)
	}
	ctx := c.ctx()
	c.app.BankKeeper.IterateTotalSupply(ctx, func(coin sdk.Coin) bool {
		w.supply[coin.Denom] = coin.Amount
		return false
	})
	return w
}

func (w *world) addr(who int) string { return w.accounts[who].Address.String() }

// pick returns one of xs at random.
func pick[T any](w *world, xs ...T) T { return xs[w.rng.Intn(len(xs))] }

// chance is true with probability 1/n.
func (w *world) chance(n int) bool { return w.rng.Intn(n) == 0 }

// anyone is any account of the cast.
func (w *world) anyone() int { return w.rng.Intn(numAccounts) }

// memberRoles are the roles that make an address a member for Community Tokens.
var memberRoles = []rbactypes.Role{rbactypes.Role_PROSUMER, rbactypes.Role_CONSUMER, rbactypes.Role_COMMUNITY_MANAGER}

func (w *world) noteGrant(addr string, role rbactypes.Role, community uint64) {
	if community == 0 {
		return
	}
	for _, r := range memberRoles {
		if r == role {
			if w.everMember[addr] == nil {
				w.everMember[addr] = map[uint64]bool{}
			}
			w.everMember[addr][community] = true
		}
	}
}

// addSupply records that a step minted (positive) or burned (negative) amt.
func (w *world) addSupply(denom string, amt math.Int) {
	cur, ok := w.supply[denom]
	if !ok {
		cur = math.ZeroInt()
	}
	w.supply[denom] = cur.Add(amt)
}

func (w *world) nextID(prefix string) string {
	w.seq++
	return fmt.Sprintf("%s-%d", prefix, w.seq)
}

// uct is the Community Token denom of community.
func uct(community uint64) string { return assetstypes.CommunityTokenDenom(community) }

// ctDenoms are the Community Token denoms of the run's communities.
func ctDenoms() []string {
	out := make([]string, len(communities))
	for i, c := range communities {
		out[i] = uct(c.id)
	}
	return out
}

// now is the time of the open block.
func (w *world) now() time.Time { return w.c.nextTime }

// denoms the run moves.
var (
	upwc = params.BondDenom
	uec  = assetstypes.EnergyCreditDenom
	ucc  = assetstypes.CarbonCreditDenom
)
