package keeper

import (
	"context"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the market Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k} }

// PlaceOrder escrows an order and matches it against the book at once.
func (m msgServer) PlaceOrder(ctx context.Context, msg *types.MsgPlaceOrder) (*types.MsgPlaceOrderResponse, error) {
	owner, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "owner", msg.Owner)
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

// CancelOrder cancels a resting order of its owner and refunds its escrow.
func (m msgServer) CancelOrder(ctx context.Context, msg *types.MsgCancelOrder) (*types.MsgCancelOrderResponse, error) {
	if _, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "owner", msg.Owner); err != nil {
		return nil, err
	}
	o, err := m.GetOrder(ctx, msg.OrderId)
	if err != nil {
		return nil, err
	}
	if o.Owner != msg.Owner {
		return nil, types.ErrNotOwner.Wrapf("order %d belongs to %s", o.Id, o.Owner)
	}
	return &types.MsgCancelOrderResponse{}, m.cancelResting(ctx, o, types.CloseReason_CANCELLED)
}

// SettleTrades settles trades after their slot with the energy a grid
// operator, party to none of them, says was delivered.
func (m msgServer) SettleTrades(ctx context.Context, msg *types.MsgSettleTrades) (*types.MsgSettleTradesResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
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

// UpdateParams replaces the parameters; only the governance account may,
// and not in a way that breaks what is committed (checkParamsChange).
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	// An unauthorized sender gets moduleutil.UpdateParams' own error below.
	if addr, err := m.addressCodec.StringToBytes(msg.Authority); err == nil && m.gov.Is(addr) {
		if err := m.checkParamsChange(ctx, msg.Params); err != nil {
			return nil, err
		}
	}
	if err := moduleutil.UpdateParams(ctx, m.addressCodec, m.gov, msg.Authority, msg.Params, m.Params,
		&types.EventParamsUpdated{Authority: msg.Authority, Params: msg.Params}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}

// RegisterZone registers a grid zone orders and trades may then name.
func (m msgServer) RegisterZone(ctx context.Context, msg *types.MsgRegisterZone) (*types.MsgRegisterZoneResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	z := types.Zone{Id: msg.ZoneId, CommunityId: msg.CommunityId, Description: msg.Description}
	if err := m.registerZone(ctx, signer, z); err != nil {
		return nil, err
	}
	return &types.MsgRegisterZoneResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventZoneRegistered{Zone: z, Signer: msg.Signer})
}

// RetireZone stops new orders and trades in a zone.
func (m msgServer) RetireZone(ctx context.Context, msg *types.MsgRetireZone) (*types.MsgRetireZoneResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	z, err := m.retireZone(ctx, signer, msg.ZoneId)
	if err != nil {
		return nil, err
	}
	return &types.MsgRetireZoneResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventZoneRetired{Zone: z, Signer: msg.Signer})
}
