package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/market/types"
)

func TestOnlyGovernanceUpdatesMarketParams(t *testing.T) {
	f := setup(t)
	before, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	p := types.DefaultParams()
	p.CollateralBps = 5_000

	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gridop, Params: p})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	p.CollateralBps = 10_001
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.ErrorIs(t, err, types.ErrInvalidParams)

	after, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after, "refused updates change nothing")
}
