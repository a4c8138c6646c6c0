package keeper_test

import (
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
		_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Signer: signer, Params: p})
		require.Error(t, err, signer)
	}
	p.DefaultGramsPerKwh = 2_001
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Signer: f.gov, Params: p})
	require.ErrorIs(t, err, types.ErrInvalidParams)

	after, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after, "refused updates change nothing")
}
