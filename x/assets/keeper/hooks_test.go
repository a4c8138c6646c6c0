package keeper_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/keeper"
	"github.com/powershare/powershare/x/assets/types"
)

func sdkInt(n int64) sdkmath.Int { return sdkmath.NewInt(n) }

// recordingHooks writes an approval into the assets store (so the test can
// see whether its writes landed) and fails when told to.
type recordingHooks struct {
	f     *fixture
	fail  bool
	calls []string
}

func (h *recordingHooks) note(ctx context.Context, name string) error {
	h.calls = append(h.calls, name)
	// A write the caller would see if the cached context were committed.
	if err := h.f.k.Issuers.Set(ctx, sdk.AccAddress("hook-was-here_______")); err != nil {
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

func TestHooksRunInACachedContext(t *testing.T) {
	for _, fail := range []bool{false, true} {
		f := setup(t)
		hooks := &recordingHooks{f: f, fail: fail}
		f.k.SetHooks(hooks)
		f.msg = keeper.NewMsgServerImpl(f.k) // the server holds a copy of the keeper
		f.registerSolar(t, "m1", f.alice)

		_, err := f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
			Readings: []types.Reading{reading("m1", now.Add(-time.Hour), time.Hour, 5000)}})
		require.NoError(t, err, "a failing hook never fails the caller")
		_, err = f.msg.Retire(f.ctx, &types.MsgRetire{Owner: f.alice, Amount: sdkInt(10), Beneficiary: "A", Jurisdiction: "DE"})
		require.NoError(t, err)
		_, err = f.msg.RewardMembers(f.ctx, &types.MsgRewardMembers{Signer: f.manager, CommunityId: 1,
			Rewards: []types.Payout{{Address: f.bob, Amount: sdkInt(1)}}})
		require.NoError(t, err)

		require.Equal(t, []string{"attested", "retired", "rewarded"}, hooks.calls)
		landed, err := f.k.Issuers.Has(f.ctx, sdk.AccAddress("hook-was-here_______"))
		require.NoError(t, err)
		require.Equal(t, !fail, landed, "a hook's writes land only if it succeeds (fail=%v)", fail)
	}
}
