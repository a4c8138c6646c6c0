package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/assets/types"
)

func TestTreasurySpend(t *testing.T) {
	f := setup(t)
	f.fundTreasury(t, 1_000_000)
	p := types.DefaultParams()
	p.TreasuryLimitPerEpoch = sdkmath.NewInt(500)
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)

	_, err = f.msg.TreasurySpend(f.ctx, &types.MsgTreasurySpend{Signer: f.admin, Recipient: f.bob, Amount: sdkmath.NewInt(300), Purpose: "grant"})
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(300), f.balance(t, f.bob, bondDenom))
	_, err = f.msg.TreasurySpend(f.ctx, &types.MsgTreasurySpend{Signer: f.admin, Recipient: "module:distribution", Amount: sdkmath.NewInt(200)})
	require.NoError(t, err, "to a module reward pool")
	_, err = f.msg.TreasurySpend(f.ctx, &types.MsgTreasurySpend{Signer: f.admin, Recipient: f.bob, Amount: sdkmath.NewInt(1)})
	require.ErrorIs(t, err, types.ErrCapExceeded)
	_, err = f.msg.TreasurySpend(f.ctx, &types.MsgTreasurySpend{Signer: f.alice, Recipient: f.bob, Amount: sdkmath.NewInt(1)})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	_, err = f.msg.TreasurySpend(f.ctx.WithBlockTime(now.Add(8*24*time.Hour)), &types.MsgTreasurySpend{Signer: f.admin,
		Recipient: "module:treasury", Amount: sdkmath.NewInt(1)})
	require.ErrorIs(t, err, types.ErrInvalidAddress, "only the listed reward pools, never the treasury itself")
}

func TestTreasurySpendRefusesBadAmounts(t *testing.T) {
	f := setup(t)
	treasury := moduleAddr(types.TreasuryName)
	f.fundTreasury(t, 100)
	for name, amount := range map[string]sdkmath.Int{
		"nil":                    {},
		"zero":                   sdkmath.ZeroInt(),
		"negative":               sdkmath.NewInt(-1),
		"more than the treasury": sdkmath.NewInt(101),
	} {
		t.Run(name, func(t *testing.T) {
			cacheCtx, _ := f.ctx.CacheContext()
			_, err := f.msg.TreasurySpend(cacheCtx, &types.MsgTreasurySpend{Signer: f.admin, Recipient: f.bob, Amount: amount})
			require.ErrorIs(t, err, types.ErrInvalidAmount)
		})
	}
	require.Equal(t, sdkmath.NewInt(100), f.bank.GetBalance(f.ctx, treasury, bondDenom).Amount)
	_, err := f.msg.TreasurySpend(f.ctx, &types.MsgTreasurySpend{Signer: f.admin, Recipient: strings.ToUpper(f.bob), Amount: sdkmath.NewInt(1)})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
}
