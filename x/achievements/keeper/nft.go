package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/types"
)

// createClass stores a new class.
func (k Keeper) createClass(ctx context.Context, c types.Class) error {
	if err := c.Validate(); err != nil {
		return err
	}
	has, err := k.Classes.Has(ctx, c.Id)
	if err != nil {
		return err
	}
	if has {
		return types.ErrClassExists.Wrapf("class %s exists; pick another id", c.Id)
	}
	if err := k.Classes.Set(ctx, c.Id, c); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventClassCreated{Class: c})
}

// GetClass returns a class or ErrUnknownClass.
func (k Keeper) GetClass(ctx context.Context, id string) (types.Class, error) {
	c, err := k.Classes.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return c, types.ErrUnknownClass.Wrapf("class %s (see 'q achievements classes')", id)
	}
	return c, err
}

// GetNFT returns a token or ErrUnknownNFT.
func (k Keeper) GetNFT(ctx context.Context, classID, id string) (types.NFT, error) {
	n, err := k.NFTs.Get(ctx, collections.Join(classID, id))
	if errors.Is(err, collections.ErrNotFound) {
		return n, types.ErrUnknownNFT.Wrapf("token %s of class %s", id, classID)
	}
	return n, err
}

// isModuleAccount reports whether addr is one of the app's module
// accounts: those never hold tokens, as badges mean what a person did.
func (k Keeper) isModuleAccount(addr sdk.AccAddress) bool {
	for _, m := range k.moduleAccounts {
		if m.Equals(addr) {
			return true
		}
	}
	return false
}

// mintBadge mints a token of class to owner with the badge's evidence. Token
// ids are "badge-<n>", n counting every token the module minted.
func (k Keeper) mintBadge(ctx context.Context, classID string, owner sdk.AccAddress, data types.BadgeData) (types.NFT, error) {
	if _, err := k.GetClass(ctx, classID); err != nil {
		return types.NFT{}, err
	}
	if k.isModuleAccount(owner) {
		return types.NFT{}, types.ErrModuleAccount.Wrapf("%s is a module account", owner)
	}
	seq, err := k.TokenSeq.Next(ctx)
	if err != nil {
		return types.NFT{}, err
	}
	ownerStr, err := k.addressCodec.BytesToString(owner)
	if err != nil {
		return types.NFT{}, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	data.Height, data.Time = sdkCtx.BlockHeight(), sdkCtx.BlockTime()
	n := types.NFT{ClassId: classID, Id: fmt.Sprintf("badge-%d", seq), Owner: ownerStr, Data: data}
	if err := k.NFTs.Set(ctx, collections.Join(n.ClassId, n.Id), n); err != nil {
		return n, err
	}
	supply, err := k.supply(ctx, classID)
	if err != nil {
		return n, err
	}
	if err := k.ClassSupply.Set(ctx, classID, supply+1); err != nil {
		return n, err
	}
	return n, sdkCtx.EventManager().EmitTypedEvent(&types.EventNFTMinted{Nft: n})
}

func (k Keeper) supply(ctx context.Context, classID string) (uint64, error) {
	s, err := k.ClassSupply.Get(ctx, classID)
	if errors.Is(err, collections.ErrNotFound) {
		return 0, nil
	}
	return s, err
}

// sendNFT moves a token of a transferable class from its owner.
func (k Keeper) sendNFT(ctx context.Context, msg *types.MsgSendNFT) error {
	sender, err := k.parseAddress("sender", msg.Sender)
	if err != nil {
		return err
	}
	receiver, err := k.parseAddress("receiver", msg.Receiver)
	if err != nil {
		return err
	}
	n, err := k.GetNFT(ctx, msg.ClassId, msg.Id)
	if err != nil {
		return err
	}
	owner, err := k.addressCodec.StringToBytes(n.Owner)
	if err != nil {
		return err
	}
	if !sender.Equals(sdk.AccAddress(owner)) {
		return types.ErrNotOwner.Wrapf("%s/%s belongs to %s, not %s", n.ClassId, n.Id, n.Owner, msg.Sender)
	}
	class, err := k.GetClass(ctx, n.ClassId)
	if err != nil {
		return err
	}
	if !class.Data.Transferable {
		return types.ErrSoulbound.Wrapf("class %s is soulbound: its badges stay with who earned them", n.ClassId)
	}
	if sender.Equals(receiver) {
		return types.ErrInvalidAddress.Wrap("receiver is the sender")
	}
	if k.isModuleAccount(receiver) {
		return types.ErrModuleAccount.Wrapf("%s is a module account", msg.Receiver)
	}
	n.Owner = msg.Receiver
	if err := k.NFTs.Set(ctx, collections.Join(n.ClassId, n.Id), n); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventNFTSent{
		ClassId: n.ClassId, Id: n.Id, Sender: msg.Sender, Receiver: msg.Receiver,
	})
}
