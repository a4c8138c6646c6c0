package invariants_test

import (
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	achievementstypes "github.com/powershare/powershare/x/achievements/types"
)

// achievementsSteps fund the reward pool (so that badges pay out and the
// pool invariant has something to conserve) and run short challenges on
// the run's metrics, which the EndBlocker pays out while trades,
// attestations and retirements go on.
func achievementsSteps() []generator {
	return []generator{
		{"achievements/fund-pool", 1, func(w *world) *step {
			who := w.anyone()
			amt := math.NewInt(int64(1+w.rng.Intn(20)) * 1_000_000)
			msg := &achievementstypes.MsgFundRewardPool{Funder: w.addr(who), Amount: sdk.NewCoin(upwc, amt)}
			s := &step{kind: "achievements/fund-pool", msg: msg, expect: either, why: "any role holder with the coins"}
			if !w.hasAnyRoleAddr(w.accounts[who].Address) {
				s.expect, s.why = mustFail, "no role"
			}
			return s
		}},
		{"achievements/create-challenge", 1, func(w *world) *step {
			creator := pick(w, manager1, manager2, admin, alice)
			community := map[int]uint64{manager1: 1, manager2: 2, admin: 0, alice: 1}[creator]
			start := w.now().Add(time.Duration(w.rng.Intn(120)) * time.Second)
			end := start.Add(time.Duration(5+w.rng.Intn(120)) * time.Minute)
			msg := &achievementstypes.MsgCreateChallenge{
				Creator: w.addr(creator), Community: community, Name: "run challenge",
				Metric: pick(w, achievementstypes.Metric_METRIC_ENERGY_SOLD_WH, achievementstypes.Metric_METRIC_RENEWABLE_PRODUCED_WH,
					achievementstypes.Metric_METRIC_TRADES_SETTLED),
				Kind: achievementstypes.ChallengeKind_CHALLENGE_KIND_TOP_N, TopN: uint32(1 + w.rng.Intn(3)),
				Start: &start, End: &end, Pool: sdk.NewCoin(upwc, math.NewInt(int64(1+w.rng.Intn(1_000_000)))),
				ClassId: achievementstypes.ClassChallenges,
			}
			if w.chance(2) {
				msg.Kind, msg.TopN, msg.Target = achievementstypes.ChallengeKind_CHALLENGE_KIND_TARGET, 0, uint64(1+w.rng.Intn(5_000))
			}
			s := &step{kind: "achievements/create-challenge", msg: msg, expect: mustPass, why: "a manager of its community or an admin"}
			if creator == alice {
				s.expect, s.why = mustFail, "a PROSUMER does not run challenges"
			}
			return s
		}},
		{"achievements/join-challenge", 3, func(w *world) *step {
			ids := w.challengeIDs()
			if len(ids) == 0 {
				return nil
			}
			msg := &achievementstypes.MsgJoinChallenge{Member: w.addr(pick(w, alice, bob, carol, dave, erin, manager1)), ChallengeId: pick(w, ids...)}
			return &step{kind: "achievements/join-challenge", msg: msg, expect: either, why: "a member of an open challenge's community, once"}
		}},
		{"achievements/cancel-challenge", 1, func(w *world) *step {
			ids := w.challengeIDs()
			if len(ids) == 0 {
				return nil
			}
			msg := &achievementstypes.MsgCancelChallenge{Signer: w.addr(pick(w, manager1, manager2, admin)), ChallengeId: pick(w, ids...)}
			return &step{kind: "achievements/cancel-challenge", msg: msg, expect: either, why: "its creator or an admin, before its start"}
		}},
	}
}

// challengeIDs are the ids of the challenges created so far.
func (w *world) challengeIDs() []uint64 {
	next, err := w.c.app.AchievementsKeeper.ChallengeSeq.Peek(w.c.ctx())
	if err != nil || next <= 1 {
		return nil
	}
	ids := make([]uint64, 0, next-1)
	for id := uint64(1); id < next; id++ {
		ids = append(ids, id)
	}
	return ids
}
