package keeper_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
)

func sdkInt(n int64) sdkmath.Int { return sdkmath.NewInt(n) }

// recordingHooks is one consumer of the hooks: it writes its own marker
// into the assets store (so the test can see whether its writes landed)
// and fails after writing when told to.
type recordingHooks struct {
	f      *fixture
	marker sdk.AccAddress
	fail   bool
	calls  []string
}

func newRecordingHooks(f *fixture, marker string, fail bool) *recordingHooks {
	return &recordingHooks{f: f, marker: sdk.AccAddress(marker), fail: fail}
}

func (h *recordingHooks) note(ctx context.Context, name string) error {
	h.calls = append(h.calls, name)
	// A write the caller would see if the cached context were committed.
	if err := h.f.k.Issuers.Set(ctx, h.marker); err != nil {
		return err
	}
	if h.fail {
		return errors.New("hook failure")
	}
	return nil
}

func (h *recordingHooks) AfterProductionAttested(ctx context.Context, _ types.Attestation, _ sdk.AccAddress) error {
	return h.note(ctx, "attested")
}

func (h *recordingHooks) AfterCarbonRetired(ctx context.Context, _ types.Certificate) error {
	return h.note(ctx, "retired")
}

func (h *recordingHooks) AfterCommunityRewarded(ctx context.Context, _ uint64, _ sdk.AccAddress, _ sdk.Coin) error {
	return h.note(ctx, "rewarded")
}

// issueEverything attests, retires and rewards once each, so every hook runs.
func (f *fixture) issueEverything(t *testing.T) {
	t.Helper()
	f.registerSolar(t, "m1", f.alice)
	_, err := f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
		Readings: []types.Reading{reading("m1", now.Add(-time.Hour), time.Hour, 5000)}})
	require.NoError(t, err, "a failing hook never fails the caller")
	_, err = f.msg.Retire(f.ctx, &types.MsgRetire{Owner: f.alice, Amount: sdkInt(10), Beneficiary: "A", Jurisdiction: "DE"})
	require.NoError(t, err)
	_, err = f.msg.RewardMembers(f.ctx, &types.MsgRewardMembers{Signer: f.manager, CommunityId: 1,
		Rewards: []types.Payout{{Address: f.bob, Amount: sdkInt(1)}}})
	require.NoError(t, err)
}

func (f *fixture) landed(t *testing.T, h *recordingHooks) bool {
	t.Helper()
	ok, err := f.k.Issuers.Has(f.ctx, h.marker)
	require.NoError(t, err)
	return ok
}

func TestHooksRunInACachedContext(t *testing.T) {
	for _, fail := range []bool{false, true} {
		f := setup(t)
		hooks := newRecordingHooks(f, "hook-was-here_______", fail)
		f.k.SetHooks(types.NewMultiAssetsHooks(hooks))

		f.issueEverything(t)

		require.Equal(t, []string{"attested", "retired", "rewarded"}, hooks.calls)
		require.Equal(t, !fail, f.landed(t, hooks), "a hook's writes land only if it succeeds (fail=%v)", fail)
	}
}

// Each consumer runs in its own cached context: one that fails neither
// stops the consumers after it nor loses the writes of the others.
func TestMultiHooksIsolateEachConsumer(t *testing.T) {
	// ARRANGE: a failing consumer between two that succeed.
	f := setup(t)
	first := newRecordingHooks(f, "first-consumer______", false)
	failing := newRecordingHooks(f, "failing-consumer____", true)
	last := newRecordingHooks(f, "last-consumer_______", false)
	f.k.SetHooks(types.NewMultiAssetsHooks(first, failing, last))

	// ACT
	f.issueEverything(t)

	// ASSERT
	for _, h := range []*recordingHooks{first, failing, last} {
		require.Equal(t, []string{"attested", "retired", "rewarded"}, h.calls, "every consumer is called")
	}
	require.True(t, f.landed(t, first))
	require.False(t, f.landed(t, failing), "the failing consumer's writes are dropped")
	require.True(t, f.landed(t, last), "a consumer after a failing one still runs and keeps its writes")
}

// Hooks are set once, with every consumer, as x/staking's are.
func TestSetHooksIsSetOnce(t *testing.T) {
	f := setup(t)
	f.k.SetHooks(types.NewMultiAssetsHooks(newRecordingHooks(f, "a", false)))
	require.Panics(t, func() { f.k.SetHooks(types.NewMultiAssetsHooks(newRecordingHooks(f, "b", false))) })
}
