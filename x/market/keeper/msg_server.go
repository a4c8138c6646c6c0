package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the market Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k} }

func (m msgServer) PlaceOrder(ctx context.Context, msg *types.MsgPlaceOrder) (*types.MsgPlaceOrderResponse, error) {
	owner, err := m.parseAddress("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	o, err := m.newOrder(ctx, msg, p)
	if err != nil {
		return nil, err
	}
	return m.place(ctx, owner, o, p)
}

func (m msgServer) CancelOrder(ctx context.Context, msg *types.MsgCancelOrder) (*types.MsgCancelOrderResponse, error) {
	if _, err := m.parseAddress("owner", msg.Owner); err != nil {
		return nil, err
	}
	o, err := m.Orders.Get(ctx, msg.OrderId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, types.ErrUnknownOrder.Wrapf("order %d is not resting (filled, cancelled or never placed)", msg.OrderId)
	}
	if err != nil {
		return nil, err
	}
	if o.Owner != msg.Owner {
		return nil, types.ErrNotOwner.Wrapf("order %d belongs to %s", o.Id, o.Owner)
	}
	return &types.MsgCancelOrderResponse{}, m.cancelResting(ctx, o, "cancelled")
}

func (m msgServer) SettleTrades(ctx context.Context, msg *types.MsgSettleTrades) (*types.MsgSettleTradesResponse, error) {
	signer, err := m.parseAddress("signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if len(msg.Settlements) == 0 || uint32(len(msg.Settlements)) > p.MaxSettlementsPerTx {
		return nil, types.ErrInvalidOrder.Wrapf("%d settlements; 1 to %d per tx", len(msg.Settlements), p.MaxSettlementsPerTx)
	}
	if ok, err := m.rbac.HasActiveRole(ctx, signer, rbactypes.Role_GRID_OPERATOR, 0); err != nil {
		return nil, err
	} else if !ok {
		return nil, types.ErrUnauthorized.Wrapf("only a chain-wide GRID_OPERATOR settles trades; %s is not one", msg.Signer)
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	for i, s := range msg.Settlements {
		t, err := m.GetTrade(ctx, s.TradeId)
		if err != nil {
			return nil, err
		}
		if t.Settled {
			return nil, types.ErrAlreadySettled.Wrapf("trade %d settled with %d Wh delivered", t.Id, t.DeliveredWh)
		}
		if now.Before(t.SlotEnd) {
			return nil, types.ErrSlotNotOver.Wrapf("settlement %d: trade %d's slot ends %s", i, t.Id, t.SlotEnd.Format(time.RFC3339))
		}
		if msg.Signer == t.Buyer || msg.Signer == t.Seller {
			return nil, types.ErrUnauthorized.Wrapf("settlement %d: %s is a party to trade %d and cannot settle it", i, msg.Signer, t.Id)
		}
		if err := m.settle(ctx, t, s.DeliveredWh, msg.Signer); err != nil {
			return nil, err
		}
	}
	return &types.MsgSettleTradesResponse{}, nil
}

func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	authority, err := m.parseAddress("authority", msg.Authority)
	if err != nil {
		return nil, err
	}
	if !authority.Equals(m.authority) {
		return nil, types.ErrUnauthorized.Wrapf("only the governance account may update params; %s is not it", msg.Authority)
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := m.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventParamsUpdated{Params: msg.Params})
}
