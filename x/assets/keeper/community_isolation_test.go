package keeper_test

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// TestCommunityTokensNeverCrossCommunities is the property test of finding
// 3 of issue 11. Accounts belong to community 1, community 2, both, or
// none; random rewards, sends (to members, outsiders, members of the other
// community and module accounts), multi-sends and burns run, each failed
// step discarded as baseapp discards a failed tx. After every step: no
// account holds uct/X unless it is a member of X (this module's account
// holds nothing between txs), each denom's supply is what its community
// rewarded less what was burned, and the holders' balances add up to it.
// On the single-uct main this fails at the first send of community 1's
// tokens from a member of both communities to a member of 2 only.
func TestCommunityTokensNeverCrossCommunities(t *testing.T) {
	for _, seed := range []int64{1, 2, 3, 4} {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			f := setup(t)
			dave, erin := f.account(t, "dave"), f.account(t, "erin")
			f.grant(dave, rbactypes.Role_PROSUMER, 1)
			f.grant(dave, rbactypes.Role_CONSUMER, 2) // dave is in both communities
			f.grant(erin, rbactypes.Role_PROSUMER, 2)
			f.grant(f.manager, rbactypes.Role_COMMUNITY_MANAGER, 2)
			members := map[uint64][]string{1: {f.manager, f.alice, f.bob, dave}, 2: {f.manager, f.carol, dave, erin}}
			holders := []string{f.manager, f.alice, f.bob, f.carol, dave, erin, f.outsider,
				moduleAddrString(t, f, rewardPool), moduleAddrString(t, f, types.TreasuryName), moduleAddrString(t, f, types.ModuleName)}
			people := holders[:7]
			// This module's account is a blocked address in the app (x/bank
			// refuses MsgSend to it), so only its own mints and burns reach it.
			targets := holders[:9]
			communities := []uint64{1, 2}
			net := map[uint64]sdkmath.Int{1: sdkmath.ZeroInt(), 2: sdkmath.ZeroInt()}
			rng := rand.New(rand.NewSource(seed))
			pick := func(s []string) string { return s[rng.Intn(len(s))] }
			sends, refusedCrossings := 0, 0

			for step := range 600 {
				cacheCtx, write := f.ctx.CacheContext()
				c := communities[rng.Intn(2)]
				amount := int64(1 + rng.Intn(80))
				coins := ctOf(c, amount)
				var err error
				switch rng.Intn(5) {
				case 0: // reward, sometimes a non-member
					_, err = f.msg.RewardMembers(cacheCtx, &types.MsgRewardMembers{Signer: f.manager, CommunityId: c,
						Rewards: []types.Payout{{Address: pick(people), Amount: sdkmath.NewInt(amount)}}})
					if err == nil {
						net[c] = net[c].AddRaw(amount)
					}
				case 1, 2: // send to anyone, module accounts included
					to := pick(targets)
					err = f.bank.SendCoins(cacheCtx, f.addr(t, pick(people)), f.addr(t, to), coins)
					sends++
					if err != nil && !slices.Contains(members[c], to) {
						refusedCrossings++
					}
				case 3: // multi-send of both denoms to two recipients
					from := pick(people)
					both := ctOf(1, amount).Add(ctOf(2, amount)...)
					err = f.bank.InputOutputCoins(cacheCtx, banktypes.NewInput(f.addr(t, from), both.Add(both...)),
						[]banktypes.Output{banktypes.NewOutput(f.addr(t, pick(targets)), both), banktypes.NewOutput(f.addr(t, pick(targets)), both)})
				case 4: // burn
					_, err = f.msg.Burn(cacheCtx, &types.MsgBurn{Owner: pick(people), Amount: coins.String()})
					if err == nil {
						net[c] = net[c].SubRaw(amount)
					}
				}
				if err == nil {
					write()
				}
				for _, c := range communities {
					denom := types.CommunityTokenDenom(c)
					sum := sdkmath.ZeroInt()
					for _, h := range holders {
						bal := f.balance(t, h, denom)
						sum = sum.Add(bal)
						if bal.IsPositive() {
							require.True(t, slices.Contains(members[c], h), "step %d: %s holds %s%s but is not a member of %d", step, h, bal, denom, c)
						}
					}
					require.Equal(t, net[c], f.supply(denom), "step %d: %s supply", step, denom)
					require.Equal(t, net[c], sum, "step %d: %s balances", step, denom)
				}
			}
			require.Positive(t, net[1].Int64()+net[2].Int64(), "tokens were rewarded")
			require.Positive(t, refusedCrossings, "some sends tried to leave a community")
			require.Less(t, refusedCrossings, sends, "some sends went through")
		})
	}
}

// account is a fresh test address named n.
func (f *fixture) account(t *testing.T, n string) string {
	t.Helper()
	bz := make([]byte, 20)
	copy(bz, n)
	s, err := f.ac.BytesToString(bz)
	require.NoError(t, err)
	return s
}
