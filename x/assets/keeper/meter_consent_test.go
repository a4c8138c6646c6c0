package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// TestMeterCapacityBoundPerKind covers finding 10 of issue 11: a grid
// operator can no longer register a 10 GW meter; each kind is bounded by
// max_capacity_w, and lowering the bound limits meters registered before.
func TestMeterCapacityBoundPerKind(t *testing.T) {
	f := setup(t)
	register := func(id string, kind types.MeterKind, w uint64) error {
		cacheCtx, write := f.ctx.CacheContext()
		_, err := f.msg.RegisterMeter(cacheCtx, &types.MsgRegisterMeter{Signer: f.gridop, MeterId: id, Owner: f.gridop,
			Kind: kind, CapacityW: w, CommunityId: 1})
		if err == nil {
			write()
		}
		return err
	}
	require.ErrorIs(t, register("huge", types.MeterKind_SOLAR, 10_000_000_000), types.ErrInvalidMeter, "10 GW solar")
	require.ErrorIs(t, register("big", types.MeterKind_SOLAR, 5_000_001), types.ErrInvalidMeter, "just above the solar bound")
	require.NoError(t, register("farm", types.MeterKind_SOLAR, 5_000_000), "exactly the bound")
	require.NoError(t, register("turbines", types.MeterKind_WIND, 10_000_000), "wind's own bound")
	has, err := f.k.Meters.Has(f.ctx, "big")
	require.NoError(t, err)
	require.False(t, has, "a refused registration stores nothing")

	// Governance lowers the solar bound: the 5 MW farm is attested at 1 MW
	// (by another grid operator: an owner never attests its own meter).
	attester := f.account(t, "attester")
	f.grant(attester, rbactypes.Role_GRID_OPERATOR, 1)
	p := types.DefaultParams()
	p.MaxCapacityW[0].MaxCapacityW = 1_000_000
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	_, err = f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: attester,
		Readings: []types.Reading{reading("farm", now.Add(-2*time.Hour), time.Hour, 1_000_001)}})
	require.ErrorIs(t, err, types.ErrOverCapacity)
	_, err = f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: attester,
		Readings: []types.Reading{reading("farm", now.Add(-2*time.Hour), time.Hour, 1_000_000)}})
	require.NoError(t, err)
}

func TestMaxCapacityParamsValidation(t *testing.T) {
	for name, change := range map[string]func(*types.Params){
		"a kind missing":               func(p *types.Params) { p.MaxCapacityW = p.MaxCapacityW[1:] },
		"a kind twice":                 func(p *types.Params) { p.MaxCapacityW = append(p.MaxCapacityW, p.MaxCapacityW[0]) },
		"zero":                         func(p *types.Params) { p.MaxCapacityW[0].MaxCapacityW = 0 },
		"above 10 GW":                  func(p *types.Params) { p.MaxCapacityW[0].MaxCapacityW = types.MaxCapacityW + 1 },
		"unspecified kind":             func(p *types.Params) { p.MaxCapacityW[0].Kind = types.MeterKind_METER_KIND_UNSPECIFIED },
		"retention too short":          func(p *types.Params) { p.AttestationRetentionSeconds = p.MaxReadingPeriodSeconds - 1 },
		"no prunes per block":          func(p *types.Params) { p.MaxPrunesPerBlock = 0 },
		"epoch above a year":           func(p *types.Params) { p.EpochSeconds = 367 * 24 * 3600 },
		"no meter proposal time":       func(p *types.Params) { p.MeterProposalSeconds = 0 },
		"meter proposals above a year": func(p *types.Params) { p.MeterProposalSeconds = 367 * 24 * 3600 },
	} {
		t.Run(name, func(t *testing.T) {
			p := types.DefaultParams()
			change(&p)
			require.ErrorIs(t, p.Validate(), types.ErrInvalidParams)
		})
	}
	require.NoError(t, types.DefaultParams().Validate())
}

// TestMeterOfAnotherOwnerNeedsConsent covers finding 10 of issue 11: a
// grid operator's registration for someone else, or transfer of someone's
// meter, takes effect only once the owners concerned have consented.
func TestMeterOfAnotherOwnerNeedsConsent(t *testing.T) {
	f := setup(t)
	// ARRANGE: a community-scoped grid operator.
	scoped := f.account(t, "scoped-gridop")
	f.grant(scoped, rbactypes.Role_GRID_OPERATOR, 1)

	// Registering its own meter is immediate, as before.
	_, err := f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{Signer: scoped, MeterId: "own", Owner: scoped,
		Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1})
	require.NoError(t, err)
	_, err = f.k.GetMeter(f.ctx, "own")
	require.NoError(t, err)

	// Registering one for alice waits for her.
	_, err = f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{Signer: scoped, MeterId: "alice-1", Owner: f.alice,
		Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1})
	require.NoError(t, err)
	_, err = f.k.GetMeter(f.ctx, "alice-1")
	require.ErrorIs(t, err, types.ErrUnknownMeter, "not a meter before consent")
	_, err = f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: scoped,
		Readings: []types.Reading{reading("alice-1", now.Add(-2*time.Hour), time.Hour, 1)}})
	require.ErrorIs(t, err, types.ErrUnknownMeter, "nothing is minted before consent")
	res, err := f.query.MeterProposal(f.ctx, &types.QueryMeterProposalRequest{MeterId: "alice-1"})
	require.NoError(t, err)
	require.Equal(t, f.alice, res.Proposal.Meter.Owner)
	_, err = f.msg.AcceptMeter(f.ctx, &types.MsgAcceptMeter{Signer: f.bob, MeterId: "alice-1"})
	require.ErrorIs(t, err, types.ErrUnauthorized, "only the owner consents")
	_, err = f.msg.AcceptMeter(f.ctx, &types.MsgAcceptMeter{Signer: f.alice, MeterId: "alice-1"})
	require.NoError(t, err)
	meter, err := f.k.GetMeter(f.ctx, "alice-1")
	require.NoError(t, err)
	require.Equal(t, f.alice, meter.Owner)
	_, err = f.query.MeterProposal(f.ctx, &types.QueryMeterProposalRequest{MeterId: "alice-1"})
	require.Error(t, err, "the proposal is gone")

	// Reassigning alice's meter to the operator needs alice's consent.
	_, err = f.msg.UpdateMeter(f.ctx, &types.MsgUpdateMeter{Signer: scoped, MeterId: "alice-1", NewOwner: scoped})
	require.NoError(t, err)
	meter, err = f.k.GetMeter(f.ctx, "alice-1")
	require.NoError(t, err)
	require.Equal(t, f.alice, meter.Owner, "the operator cannot take the meter alone")
	_, err = f.msg.AcceptMeter(f.ctx, &types.MsgAcceptMeter{Signer: scoped, MeterId: "alice-1"})
	require.ErrorIs(t, err, types.ErrInvalidMeter, "the proposer consented by proposing")

	// Reassigning alice's meter to bob: both must consent, in any order.
	_, err = f.msg.UpdateMeter(f.ctx, &types.MsgUpdateMeter{Signer: scoped, MeterId: "alice-1", NewOwner: f.bob})
	require.NoError(t, err, "a new proposal replaces the pending one")
	_, err = f.msg.AcceptMeter(f.ctx, &types.MsgAcceptMeter{Signer: f.bob, MeterId: "alice-1"})
	require.NoError(t, err)
	meter, _ = f.k.GetMeter(f.ctx, "alice-1")
	require.Equal(t, f.alice, meter.Owner, "still alice's until she consents")
	_, err = f.msg.AcceptMeter(f.ctx, &types.MsgAcceptMeter{Signer: f.alice, MeterId: "alice-1"})
	require.NoError(t, err)
	meter, _ = f.k.GetMeter(f.ctx, "alice-1")
	require.Equal(t, f.bob, meter.Owner)

	// A transfer of the operator's own meter still needs the receiver.
	_, err = f.msg.UpdateMeter(f.ctx, &types.MsgUpdateMeter{Signer: scoped, MeterId: "own", NewOwner: f.carol})
	require.NoError(t, err)
	meter, _ = f.k.GetMeter(f.ctx, "own")
	require.Equal(t, scoped, meter.Owner)

	// A grid operator of another community cannot replace a pending registration.
	other := f.account(t, "other-gridop")
	f.grant(other, rbactypes.Role_GRID_OPERATOR, 2)
	_, err = f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{Signer: scoped, MeterId: "pending", Owner: f.alice,
		Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1})
	require.NoError(t, err)
	_, err = f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{Signer: other, MeterId: "pending", Owner: other,
		Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 2})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	_, err = f.msg.AcceptMeter(f.ctx, &types.MsgAcceptMeter{Signer: f.alice, MeterId: "nothing-pending"})
	require.ErrorIs(t, err, types.ErrNoMeterProposal)
}

// TestOwnerNeverAttestsItsOwnMeter covers finding 10 of issue 11 at its
// root: a grid operator registers a meter it owns (applied at once), but
// cannot attest that meter's production and mint to itself; another grid
// operator of the community can.
func TestOwnerNeverAttestsItsOwnMeter(t *testing.T) {
	f := setup(t)
	// ARRANGE: a community-scoped grid operator owning a meter it registered.
	scoped := f.account(t, "scoped-gridop")
	f.grant(scoped, rbactypes.Role_GRID_OPERATOR, 1)
	_, err := f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{Signer: scoped, MeterId: "own", Owner: scoped,
		Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1})
	require.NoError(t, err)
	f.registerSolar(t, "alice-1", f.alice)

	// ACT: it attests its own meter, alone or behind a legitimate reading.
	for name, readings := range map[string][]types.Reading{
		"own meter":          {reading("own", now.Add(-2*time.Hour), time.Hour, 5000)},
		"behind another one": {reading("alice-1", now.Add(-2*time.Hour), time.Hour, 10), reading("own", now.Add(-2*time.Hour), time.Hour, 5000)},
	} {
		_, err = f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: scoped, Readings: readings})
		require.ErrorIs(t, err, types.ErrUnauthorized, name)
		require.ErrorContains(t, err, "another grid operator", name)
	}
	// ASSERT: nothing minted; another grid operator attests the same reading.
	require.True(t, f.balance(t, scoped, types.EnergyCreditDenom).IsZero())
	_, err = f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
		Readings: []types.Reading{reading("own", now.Add(-2*time.Hour), time.Hour, 5000)}})
	require.NoError(t, err)
	require.False(t, f.balance(t, scoped, types.EnergyCreditDenom).IsZero())
}

// TestLateConsentNeverOverwritesALiveMeter covers the review of finding 10
// of issue 11: grid operator G proposes meter M for accomplice A; another
// grid operator of the scope could register M for itself at once, and A's
// later consent overwrote the live meter. Now the immediate registration is
// refused while the proposal is pending, and a consent meeting a live meter
// removes the proposal instead of applying it.
func TestLateConsentNeverOverwritesALiveMeter(t *testing.T) {
	f := setup(t)
	scoped := f.account(t, "scoped-gridop")
	f.grant(scoped, rbactypes.Role_GRID_OPERATOR, 1)
	_, err := f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "m", Owner: f.bob,
		Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1})
	require.NoError(t, err)

	// The id is held by the pending proposal: an immediate registration is refused.
	_, err = f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{Signer: scoped, MeterId: "m", Owner: scoped,
		Kind: types.MeterKind_SOLAR, CapacityW: 20, CommunityId: 1})
	require.ErrorIs(t, err, types.ErrMeterExists)
	_, err = f.k.GetMeter(f.ctx, "m")
	require.ErrorIs(t, err, types.ErrUnknownMeter, "the refusal stores nothing")
	pending, err := f.k.GetMeterProposal(f.ctx, "m")
	require.NoError(t, err)
	require.Equal(t, f.bob, pending.Meter.Owner, "the proposal is untouched")

	// Should the meter be live anyway (here written directly), the consent
	// removes the proposal and changes nothing of the meter.
	live := pending.Meter
	live.Owner, live.CapacityW = scoped, 20
	require.NoError(t, f.k.Meters.Set(f.ctx, "m", live))
	res, err := f.msg.AcceptMeter(f.ctx, &types.MsgAcceptMeter{Signer: f.bob, MeterId: "m"})
	require.NoError(t, err)
	require.Contains(t, res.DroppedReason, "registered since")
	meter, err := f.k.GetMeter(f.ctx, "m")
	require.NoError(t, err)
	require.Equal(t, live, meter, "the live meter keeps its owner and capacity")
	_, err = f.k.GetMeterProposal(f.ctx, "m")
	require.ErrorIs(t, err, types.ErrNoMeterProposal)
	requireEvent(t, f, "powershare.assets.v1.EventMeterProposalDropped")

	// A registration proposal for an existing meter is refused outright.
	_, err = f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "m", Owner: f.bob,
		Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1})
	require.ErrorIs(t, err, types.ErrMeterExists)
}

// TestMeterProposalsExpire covers the review of finding 10 of issue 11: a
// proposal is accepted only within meter_proposal_seconds; an expired one
// is removed when its owner tries, and a new registration takes its id.
func TestMeterProposalsExpire(t *testing.T) {
	f := setup(t)
	scoped := f.account(t, "scoped-gridop")
	f.grant(scoped, rbactypes.Role_GRID_OPERATOR, 1)
	register := func(id, owner string) error {
		_, err := f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{Signer: scoped, MeterId: id, Owner: owner,
			Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1})
		return err
	}
	require.NoError(t, register("late", f.alice))
	require.NoError(t, register("held", f.alice))
	require.NoError(t, register("in-time", f.alice))
	week := time.Duration(types.DefaultMeterProposal) * time.Second

	// One second before expiry the consent applies.
	f.ctx = f.ctx.WithBlockTime(now.Add(week - time.Second))
	res, err := f.msg.AcceptMeter(f.ctx, &types.MsgAcceptMeter{Signer: f.alice, MeterId: "in-time"})
	require.NoError(t, err)
	require.Empty(t, res.DroppedReason)
	_, err = f.k.GetMeter(f.ctx, "in-time")
	require.NoError(t, err)

	// At expiry it is refused: the proposal is removed, no meter exists.
	f.ctx = f.ctx.WithBlockTime(now.Add(week))
	res, err = f.msg.AcceptMeter(f.ctx, &types.MsgAcceptMeter{Signer: f.alice, MeterId: "late"})
	require.NoError(t, err)
	require.Contains(t, res.DroppedReason, "expired")
	_, err = f.k.GetMeter(f.ctx, "late")
	require.ErrorIs(t, err, types.ErrUnknownMeter)
	_, err = f.k.GetMeterProposal(f.ctx, "late")
	require.ErrorIs(t, err, types.ErrNoMeterProposal)
	requireEvent(t, f, "powershare.assets.v1.EventMeterProposalDropped")

	// An expired proposal no longer holds its id: an immediate registration replaces it.
	require.NoError(t, register("held", scoped))
	meter, err := f.k.GetMeter(f.ctx, "held")
	require.NoError(t, err)
	require.Equal(t, scoped, meter.Owner)
	_, err = f.k.GetMeterProposal(f.ctx, "held")
	require.ErrorIs(t, err, types.ErrNoMeterProposal)
}

// requireEvent asserts that f's context emitted an event of type typ.
func requireEvent(t *testing.T, f *fixture, typ string) {
	t.Helper()
	for _, e := range f.ctx.EventManager().Events() {
		if e.Type == typ {
			return
		}
	}
	t.Fatalf("no %s event", typ)
}
