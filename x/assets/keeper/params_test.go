package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/assets/types"
)

// Params bound what ADMINs may do, so an ADMIN cannot raise them itself.
func TestOnlyGovernanceUpdatesAssetParams(t *testing.T) {
	f := setup(t)
	before, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	p := types.DefaultParams()
	p.DefaultGramsPerKwh++

	for _, signer := range []string{f.admin, f.alice, "not-an-address"} {
		_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: signer, Params: p})
		require.Error(t, err, signer)
	}
	p.DefaultGramsPerKwh = 2_001
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.ErrorIs(t, err, types.ErrInvalidParams)

	after, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after, "refused updates change nothing")
}

// The governance account is compared as an account: its address in any
// other spelling is refused, never taken for another signer.
func TestUpdateAssetParamsWantsTheCanonicalAuthority(t *testing.T) {
	f := setup(t)
	p := types.DefaultParams()
	p.DefaultGramsPerKwh = 300
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: strings.ToUpper(f.gov), Params: p})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	got, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(300), got.DefaultGramsPerKwh)
}
