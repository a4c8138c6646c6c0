package moduleutil

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ValidParams is a module's Params: it checks itself.
type ValidParams interface{ Validate() error }

// Governance is a module's governance account with the module's own errors
// for a malformed or wrong authority.
type Governance struct {
	Address           sdk.AccAddress
	ErrInvalidAddress *errorsmod.Error
	ErrUnauthorized   *errorsmod.Error
}

// Is reports whether addr is the governance account.
func (g Governance) Is(addr sdk.AccAddress) bool { return addr.Equals(g.Address) }

// UpdateParams is the body of every module's MsgUpdateParams: the authority
// must be the governance account (compared as bytes, so any spelling of its
// address works), the params must validate, and they are stored with event
// emitted. Modules that also let a role change params check that first and
// call SetParams.
func UpdateParams[P ValidParams](ctx context.Context, ac address.Codec, gov Governance, authority string,
	params P, store collections.Item[P], event proto.Message,
) error {
	addr, err := ParseAddress(ac, gov.ErrInvalidAddress, "authority", authority)
	if err != nil {
		return err
	}
	if !gov.Is(addr) {
		return gov.ErrUnauthorized.Wrapf("only the governance account may update params; %s is not it", authority)
	}
	return SetParams(ctx, params, store, event)
}

// SetParams validates and stores params and emits event.
func SetParams[P ValidParams](ctx context.Context, params P, store collections.Item[P], event proto.Message) error {
	if err := params.Validate(); err != nil {
		return err
	}
	if err := store.Set(ctx, params); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(event)
}
