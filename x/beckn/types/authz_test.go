package types_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/beckn/types"
)

func TestSettlementAuthorizationNeverExecutesMsgs(t *testing.T) {
	auth := types.NewSettlementAuthorization(sdkmath.NewInt(1_000), 100_000, 0)

	res, err := auth.Accept(context.Background(), &types.MsgAnchorOrders{})

	require.Error(t, err)
	require.False(t, res.Accept)
	require.Equal(t, "/powershare.beckn.v1.MsgAnchorOrders", auth.MsgTypeURL())
}

func TestSettlementAuthorizationSpend(t *testing.T) {
	tests := []struct {
		name     string
		buying   bool
		notional int64
		price    uint64
		left     int64 // -1: refused
	}{
		{"a buy within bounds", true, 400, 100_000, 600},
		{"a buy at the cap", true, 1_000, 150_000, 0},
		{"a buy above the cap", true, 400, 150_001, -1},
		{"a buy beyond the limit", true, 1_001, 100_000, -1},
		{"a sale: the consent does not sell", false, 400, 200_000, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			auth := types.NewSettlementAuthorization(sdkmath.NewInt(1_000), 150_000, 0)

			left, err := auth.Spend(tc.buying, sdkmath.NewInt(tc.notional), tc.price)

			if tc.left < 0 {
				require.ErrorIs(t, err, types.ErrNoSettlementGrant)
				return
			}
			require.NoError(t, err)
			require.True(t, sdkmath.NewInt(tc.left).Equal(left.SpendLimit), "left %s", left.SpendLimit)
		})
	}
}

func TestSettlementAuthorizationValidateBasic(t *testing.T) {
	require.NoError(t, types.NewSettlementAuthorization(sdkmath.NewInt(1), 0, 1).ValidateBasic())
	require.Error(t, types.NewSettlementAuthorization(sdkmath.ZeroInt(), 1, 0).ValidateBasic())
	require.Error(t, types.NewSettlementAuthorization(sdkmath.NewInt(1), 0, 0).ValidateBasic())
}
