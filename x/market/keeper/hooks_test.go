package keeper_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/market/types"
)

// payingHook is a consumer of settled trades that writes state: it pays
// one upwc per settled trade to its account, then fails if told to.
type payingHook struct {
	f    *fixture
	to   sdk.AccAddress
	fail bool
}

func (h payingHook) AfterTradeSettled(ctx context.Context, _ types.Trade) error {
	one := sdk.NewCoins(sdk.NewInt64Coin(bondDenom, 1))
	if err := h.f.bank.MintCoins(ctx, faucet, one); err != nil {
		return err
	}
	if err := h.f.bank.SendCoinsFromModuleToAccount(ctx, faucet, h.to, one); err != nil {
		return err
	}
	if h.fail {
		return errors.New("consumer failed after writing")
	}
	return nil
}

// A failing consumer neither stops the consumers after it nor undoes their
// writes, loses only its own writes, and never fails the settlement.
func TestHooksRunEachConsumerInItsOwnCachedContext(t *testing.T) {
	f := setup(t)
	f.k.SetHooks(types.NewMultiMarketHooks(
		payingHook{f: f, to: f.addr(t, f.gov)},
		payingHook{f: f, to: f.addr(t, f.carol), fail: true},
		payingHook{f: f, to: f.addr(t, f.dave)},
	))
	id := f.renewableTrade(t)
	carol, dave := f.balance(t, f.carol, bondDenom), f.balance(t, f.dave, bondDenom)

	_, err := f.msg.SettleTrades(f.ctx.WithBlockTime(afterSlot),
		&types.MsgSettleTrades{Signer: f.gridop, Settlements: []types.Settlement{{TradeId: id, DeliveredWh: 3000}}})

	require.NoError(t, err, "a consumer's failure is not the settlement's")
	require.Equal(t, int64(1), f.balance(t, f.gov, bondDenom).Int64(), "the consumer before the failing one keeps its writes")
	require.Equal(t, carol, f.balance(t, f.carol, bondDenom), "the failing consumer's writes are dropped")
	require.Equal(t, dave.AddRaw(1), f.balance(t, f.dave, bondDenom), "the next consumer ran and its writes landed")
	tr, err := f.k.GetTrade(f.ctx, id)
	require.NoError(t, err)
	require.True(t, tr.Settled)
}

func TestHooksAreSetOnce(t *testing.T) {
	f := setup(t)
	f.k.SetHooks(types.NewMultiMarketHooks(payingHook{f: f, to: f.addr(t, f.dave)}))
	require.Panics(t, func() { f.k.SetHooks(types.NewMultiMarketHooks()) }, "every consumer goes into one NewMultiMarketHooks")
}
