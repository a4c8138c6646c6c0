package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/beckn/types"
)

// bodyByteGas is charged per byte of an anchor's on_confirm body for
// digesting and parsing it, on top of the transaction-size gas its bytes
// already pay; BenchmarkParseConfirmTerms measures the work against a
// signature verification (signatureGas).
const bodyByteGas = 2

func (m msgServer) AnchorOrders(ctx context.Context, msg *types.MsgAnchorOrders) (*types.MsgAnchorOrdersResponse, error) {
	relay, err := m.relaySigner(ctx, msg.Relay)
	if err != nil {
		return nil, err
	}
	params, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if len(msg.Anchors) == 0 || len(msg.Anchors) > int(params.MaxAnchorsPerTx) {
		return nil, types.ErrTooManyAnchors.Wrapf("%d anchors; 1 to %d per transaction", len(msg.Anchors), params.MaxAnchorsPerTx)
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime().UTC()
	view := m.newRegistryView()
	view.maxSignatureAge = time.Duration(params.MaxSignatureAgeSeconds) * time.Second
	res := &types.MsgAnchorOrdersResponse{Results: make([]types.AnchorResult, 0, len(msg.Anchors))}
	for i, a := range msg.Anchors {
		result, err := m.anchor(ctx, view, relay, msg, a, params, now)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "anchor %d (order %q)", i, a.OrderId)
		}
		res.Results = append(res.Results, result)
	}
	return res, nil
}

// anchor checks one anchor and records it, opening its trade if it settles
// on chain; an order already anchored with the same body and terms is left
// as is. The anchor's terms must be those of the on_confirm body it
// carries, and that body's digest may anchor no other order.
func (m msgServer) anchor(ctx context.Context, view *registryView, relay sdk.AccAddress, msg *types.MsgAnchorOrders,
	a types.OrderAnchor, params types.Params, now time.Time,
) (types.AnchorResult, error) {
	result := types.AnchorResult{OrderId: a.OrderId}
	if len(a.Body) <= int(params.MaxBodyBytes) {
		sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(bodyByteGas*uint64(len(a.Body)), "beckn on_confirm body")
	}
	if err := types.BindBody(&a, params.MaxBodyBytes); err != nil {
		return result, err
	}
	body := a.Body
	a.Body = nil // the body is checked, never stored: the digest stands for it
	if err := types.ValidateAnchor(m.addressCodec, a); err != nil {
		return result, err
	}
	terms, err := types.BodyTerms(body)
	if err != nil {
		return result, err
	}
	if err := types.CheckTerms(a, terms); err != nil {
		return result, err
	}
	switch anchored, err := m.Orders.Indexes.ByDigest.MatchExact(ctx, a.Digest); {
	case err == nil && (anchored.K1() != a.BppId || anchored.K2() != a.OrderId):
		return result, types.ErrDigestReused.Wrapf("digest %s anchors order %q of %q: one signed on_confirm is one order",
			beckn.EncodeDigest(a.Digest), anchored.K2(), anchored.K1())
	case err != nil && !errors.Is(err, collections.ErrNotFound):
		return result, err
	}
	if existing, err := m.Orders.Get(ctx, orderKey(a)); err == nil {
		if err := view.ownsParty(ctx, msg.Relay, existing.Anchor); err != nil {
			return result, err
		}
		result.AlreadyAnchored, result.TradeId = true, existing.TradeId
		return result, m.reanchor(existing, a)
	} else if !errors.Is(err, collections.ErrNotFound) {
		return result, err
	}
	if err := view.checkParties(ctx, msg.Relay, a, now); err != nil {
		return result, err
	}
	if err := view.checkURIs(ctx, terms); err != nil {
		return result, err
	}
	signed, err := view.checkSignature(ctx, msg.Relay, a, now)
	if err != nil {
		return result, err
	}
	if a.SettlesOnChain() {
		tradeID, err := m.openTrade(ctx, relay, a)
		if err != nil {
			return result, err
		}
		result.TradeId = tradeID
	}
	return result, m.storeAnchor(ctx, a, msg.Relay, result.TradeId, signed)
}

func (m msgServer) UpdateOrderState(ctx context.Context, msg *types.MsgUpdateOrderState) (*types.MsgUpdateOrderStateResponse, error) {
	if _, err := m.relaySigner(ctx, msg.Relay); err != nil {
		return nil, err
	}
	if err := msg.State.Validate(); err != nil {
		return nil, err
	}
	if err := types.ValidateDigest(msg.Digest); err != nil {
		return nil, err
	}
	o, err := m.GetOrder(ctx, msg.BppId, msg.OrderId)
	if err != nil {
		return nil, err
	}
	if err := m.newRegistryView().ownsParty(ctx, msg.Relay, o.Anchor); err != nil {
		return nil, err
	}
	return &types.MsgUpdateOrderStateResponse{}, m.changeState(ctx, o, msg.State, msg.Digest, msg.Relay)
}
