package keeper_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/beckn/types"
)

// paths lead an anchored order to each state.
var paths = map[types.OrderState][]types.OrderState{
	types.OrderState_CONFIRMED: nil,
	types.OrderState_ACTIVE:    {types.OrderState_ACTIVE},
	types.OrderState_COMPLETED: {types.OrderState_ACTIVE, types.OrderState_COMPLETED},
	types.OrderState_CANCELLED: {types.OrderState_CANCELLED},
	types.OrderState_CURTAILED: {types.OrderState_ACTIVE, types.OrderState_CURTAILED},
}

var legal = map[[2]types.OrderState]bool{
	{types.OrderState_CONFIRMED, types.OrderState_ACTIVE}:    true,
	{types.OrderState_CONFIRMED, types.OrderState_CANCELLED}: true,
	{types.OrderState_CONFIRMED, types.OrderState_CURTAILED}: true,
	{types.OrderState_ACTIVE, types.OrderState_COMPLETED}:    true,
	{types.OrderState_ACTIVE, types.OrderState_CANCELLED}:    true,
	{types.OrderState_ACTIVE, types.OrderState_CURTAILED}:    true,
}

func (f *fixture) updateState(relay, orderID string, state types.OrderState, n int) error {
	_, err := deliver(f, func(ctx context.Context) (*types.MsgUpdateOrderStateResponse, error) {
		return f.msg.UpdateOrderState(ctx, &types.MsgUpdateOrderState{Relay: relay, OrderId: orderID, State: state,
			Digest: beckn.Digest(fmt.Appendf(nil, `{"status":%d}`, n))})
	})
	return err
}

// TestEveryStateTransition tries every (from, to) pair of states: the six
// legal ones succeed and extend the history, every other is refused and
// changes nothing.
func TestEveryStateTransition(t *testing.T) {
	states := []types.OrderState{types.OrderState_CONFIRMED, types.OrderState_ACTIVE, types.OrderState_COMPLETED,
		types.OrderState_CANCELLED, types.OrderState_CURTAILED}
	for _, from := range states {
		for _, to := range states {
			t.Run(fmt.Sprintf("%s to %s", from, to), func(t *testing.T) {
				f := setup(t)
				f.network(t)
				_, err := f.anchorOrders(f.relay, anchor(1))
				require.NoError(t, err)
				for i, s := range paths[from] {
					require.NoError(t, f.updateState(f.relay, "order-1", s, i))
				}
				before := f.exported(t)

				err = f.updateState(f.relay, "order-1", to, 99)

				if !legal[[2]types.OrderState{from, to}] {
					require.ErrorIs(t, err, types.ErrIllegalTransition)
					require.Equal(t, before, f.exported(t))
					return
				}
				require.NoError(t, err)
				o := f.order(t, "order-1")
				require.Equal(t, to, o.State)
				history, err := f.query.OrderHistory(f.ctx, &types.QueryOrderHistoryRequest{OrderId: "order-1"})
				require.NoError(t, err)
				require.Len(t, history.Changes, len(paths[from])+2)
				last := history.Changes[len(history.Changes)-1]
				require.Equal(t, from, last.From)
				require.Equal(t, to, last.To)
				require.Equal(t, beckn.Digest([]byte(`{"status":99}`)), last.Digest)
			})
		}
	}
}

func TestUpdateOrderStateRefusals(t *testing.T) {
	tests := []struct {
		name, relay, order string
		state              types.OrderState
		err                error
	}{
		{"not a relay", "alice", "order-1", types.OrderState_ACTIVE, types.ErrUnauthorized},
		{"a relay that is not a party", "relay3", "order-1", types.OrderState_ACTIVE, types.ErrNotOrderParty},
		{"an order never anchored", "relay", "order-9", types.OrderState_ACTIVE, types.ErrUnknownOrder},
		{"an unknown state", "relay", "order-1", types.OrderState(42), types.ErrInvalidState},
		{"back to unspecified", "relay", "order-1", types.OrderState_ORDER_STATE_UNSPECIFIED, types.ErrInvalidState},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.network(t)
			_, err := f.anchorOrders(f.relay, anchor(1))
			require.NoError(t, err)
			before := f.exported(t)

			err = f.updateState(account(tc.relay), tc.order, tc.state, 1)

			require.ErrorIs(t, err, tc.err)
			require.Equal(t, before, f.exported(t))
		})
	}
}

func TestTheBAPsRelayMayUpdateTheStateToo(t *testing.T) {
	f := setup(t)
	f.network(t)
	_, err := f.anchorOrders(f.relay, anchor(1))
	require.NoError(t, err)

	require.NoError(t, f.updateState(f.otherRelay, "order-1", types.OrderState_CANCELLED, 1))

	require.Equal(t, types.OrderState_CANCELLED, f.order(t, "order-1").State)
}
