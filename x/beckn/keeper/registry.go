package keeper

import (
	"bytes"
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/beckn/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// keyCheckGas is charged for checking a key set's curve points (an Ed25519
// decompression and an X25519 scalar multiplication), which the store
// gas does not cover.
const keyCheckGas = 10_000

// keyMsg is a Msg carrying a key set: MsgSubscribe and MsgRotateKeys.
type keyMsg interface {
	GetKeyId() string
	GetSigningPublicKey() []byte
	GetEncrPublicKey() []byte
	GetMldsaPublicKey() []byte
	GetValidFrom() *time.Time
	GetValidUntil() *time.Time
}

// newKey checks a key set and fills in its validity: from the block time
// (never earlier, so a key cannot be backdated over signatures already
// made) for the default validity, at most the maximum.
func (k Keeper) newKey(ctx context.Context, subscriberID string, in keyMsg) (types.SubscriberKey, error) {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return types.SubscriberKey{}, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	sdkCtx.GasMeter().ConsumeGas(keyCheckGas, "beckn key check")
	if err := types.ValidateID("key id", in.GetKeyId()); err != nil {
		return types.SubscriberKey{}, types.ErrInvalidKey.Wrap(err.Error())
	}
	signing, err := beckn.NormalizeSigningPublicKey(in.GetSigningPublicKey())
	if err != nil {
		return types.SubscriberKey{}, types.ErrInvalidKey.Wrap(err.Error())
	}
	encr, err := beckn.NormalizeEncryptionPublicKey(in.GetEncrPublicKey())
	if err != nil {
		return types.SubscriberKey{}, types.ErrInvalidKey.Wrap(err.Error())
	}
	if err := beckn.ValidateMLDSAPublicKey(in.GetMldsaPublicKey()); err != nil {
		return types.SubscriberKey{}, types.ErrInvalidKey.Wrap(err.Error())
	}
	now := sdkCtx.BlockTime().UTC()
	from := now
	if in.GetValidFrom() != nil {
		from = in.GetValidFrom().UTC()
	}
	if from.Before(now) {
		return types.SubscriberKey{}, types.ErrInvalidKey.Wrapf("valid_from %s is before the block time %s: keys cannot be backdated",
			from.Format(time.RFC3339), now.Format(time.RFC3339))
	}
	until := from.Add(time.Duration(p.DefaultKeyValiditySeconds) * time.Second)
	if in.GetValidUntil() != nil {
		until = in.GetValidUntil().UTC()
	}
	if !until.After(from) || until.Sub(from) > time.Duration(p.MaxKeyValiditySeconds)*time.Second {
		return types.SubscriberKey{}, types.ErrInvalidKey.Wrapf("validity %s to %s: valid_until must be after valid_from, at most %d s later",
			from.Format(time.RFC3339), until.Format(time.RFC3339), p.MaxKeyValiditySeconds)
	}
	return types.SubscriberKey{
		SubscriberId: subscriberID, KeyId: in.GetKeyId(), SigningPublicKey: signing, EncrPublicKey: encr,
		MldsaPublicKey: bytes.Clone(in.GetMldsaPublicKey()), ValidFrom: from, ValidUntil: until,
	}, nil
}

// sameMaterial says two key sets hold the same public keys.
func sameMaterial(a, b types.SubscriberKey) bool {
	return bytes.Equal(a.SigningPublicKey, b.SigningPublicKey) && bytes.Equal(a.EncrPublicKey, b.EncrPublicKey) &&
		bytes.Equal(a.MldsaPublicKey, b.MldsaPublicKey)
}

// GetParticipant returns a participant or ErrUnknownParticipant.
func (k Keeper) GetParticipant(ctx context.Context, id string) (types.Participant, error) {
	p, err := k.Participants.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return p, types.ErrUnknownParticipant.Wrapf("no participant %q in the registry", id)
	}
	return p, err
}

// CurrentKey returns a participant's current key set.
func (k Keeper) CurrentKey(ctx context.Context, p types.Participant) (types.SubscriberKey, error) {
	return k.Keys.Get(ctx, collections.Join(p.SubscriberId, p.KeyId))
}

// ownedParticipant returns the participant id if relay (a canonical
// address string, as the Msg carries it) owns it.
func (k Keeper) ownedParticipant(ctx context.Context, relay, id string) (types.Participant, error) {
	p, err := k.GetParticipant(ctx, id)
	if err != nil {
		return p, err
	}
	if p.Owner != relay {
		return p, types.ErrNotOwner.Wrapf("participant %q belongs to %s, not %s", id, p.Owner, relay)
	}
	return p, nil
}

// requireRelay refuses a signer without a chain-wide RELAY role. The ante
// handler checks the permission table; this keeps the rule when the table
// is changed.
func (k Keeper) requireRelay(ctx context.Context, signer sdk.AccAddress, name string) error {
	ok, err := k.rbac.HasActiveRole(ctx, signer, rbactypes.Role_RELAY, 0)
	if err != nil || ok {
		return err
	}
	return types.ErrUnauthorized.Wrapf("%s is not a RELAY", name)
}

// requireRegistrar refuses a signer who is neither an ADMIN (or the
// governance account) nor a REGULATOR.
func (k Keeper) requireRegistrar(ctx context.Context, signer sdk.AccAddress, name string) error {
	if ok, err := k.rbac.IsAdmin(ctx, signer); err != nil || ok {
		return err
	}
	ok, err := k.rbac.HasActiveRole(ctx, signer, rbactypes.Role_REGULATOR, 0)
	if err != nil || ok {
		return err
	}
	return types.ErrUnauthorized.Wrapf("only an ADMIN or a REGULATOR decides subscriptions; %s is neither", name)
}

// setParticipant stamps a participant with the block time and stores it.
func (k Keeper) setParticipant(ctx context.Context, p *types.Participant) error {
	p.Updated = sdk.UnwrapSDKContext(ctx).BlockTime().UTC()
	return k.Participants.Set(ctx, p.SubscriberId, *p)
}

// rotate makes next the participant's current key set. Every earlier set
// ends no later than next starts, so at most one set is in force at any
// time, and stays stored with that validity. Only the current and the
// previous set can still be valid when next starts: a rotation scheduled
// ahead is refused while another scheduled one is pending, so every set
// before the previous one ended by the time the previous one started. A
// rotation starting at the block time is always allowed: it is how a
// compromised key is replaced, and it ends the pending set too.
func (k Keeper) rotate(ctx context.Context, p *types.Participant, next types.SubscriberKey) error {
	nextID := collections.Join(p.SubscriberId, next.KeyId)
	if has, err := k.Keys.Has(ctx, nextID); err != nil {
		return err
	} else if has {
		return types.ErrKeyIDTaken.Wrapf("participant %q already had key %q; key ids are never reused", p.SubscriberId, next.KeyId)
	}
	current, err := k.CurrentKey(ctx, *p)
	if err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if current.ValidFrom.After(now) && next.ValidFrom.After(now) {
		return types.ErrInvalidKey.Wrapf("key %q of %q is already scheduled to start at %s; rotate with valid_from unset "+
			"(the block time) to replace it", current.KeyId, p.SubscriberId, current.ValidFrom.Format(time.RFC3339))
	}
	ended := []types.SubscriberKey{current}
	if p.PreviousKeyId != "" {
		previous, err := k.Keys.Get(ctx, collections.Join(p.SubscriberId, p.PreviousKeyId))
		if err != nil {
			return err
		}
		ended = append(ended, previous)
	}
	for i := range ended {
		if endBy(&ended[i], next.ValidFrom) {
			if err := k.Keys.Set(ctx, collections.Join(p.SubscriberId, ended[i].KeyId), ended[i]); err != nil {
				return err
			}
		}
	}
	next.Generation = p.Generation
	if err := k.Keys.Set(ctx, nextID, next); err != nil {
		return err
	}
	p.PreviousKeyId, p.KeyId = current.KeyId, next.KeyId
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventKeysRotated{Key: next, PreviousKey: ended[0]})
}

// startKeyHistory gives an id claimed by a new owner its first key set,
// in a new generation. Every set of the previous owner ends at the block
// time (only its current and previous sets can still be valid, see
// rotate) and, being of an older generation, never anchors again; the
// sets stay stored, so earlier anchors stay verifiable. Key ids are never
// reused under one subscriber id, so an anchor's key_id names one key set
// for good.
func (k Keeper) startKeyHistory(ctx context.Context, p *types.Participant, next types.SubscriberKey) error {
	nextID := collections.Join(p.SubscriberId, next.KeyId)
	if has, err := k.Keys.Has(ctx, nextID); err != nil {
		return err
	} else if has {
		return types.ErrKeyIDTaken.Wrapf("a previous owner of %q used key id %q; key ids are never reused under one subscriber id, "+
			"choose another", p.SubscriberId, next.KeyId)
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	for _, id := range []string{p.KeyId, p.PreviousKeyId} {
		if id == "" {
			continue
		}
		old, err := k.Keys.Get(ctx, collections.Join(p.SubscriberId, id))
		if err != nil {
			return err
		}
		if endBy(&old, now) {
			if err := k.Keys.Set(ctx, collections.Join(p.SubscriberId, id), old); err != nil {
				return err
			}
		}
	}
	p.Generation++
	next.Generation = p.Generation
	p.KeyId, p.PreviousKeyId = next.KeyId, ""
	return k.Keys.Set(ctx, nextID, next)
}

// endBy makes a key set end no later than t (and never before it starts);
// it says whether the set changed.
func endBy(key *types.SubscriberKey, t time.Time) bool {
	if !key.ValidUntil.After(t) {
		return false
	}
	key.ValidUntil = t
	if key.ValidUntil.Before(key.ValidFrom) {
		key.ValidUntil = key.ValidFrom // it never comes into force
	}
	return true
}

// KeyInForce is the key set a participant signs with at t: the current one,
// or the previous one while a rotation scheduled ahead has not started.
func (k Keeper) KeyInForce(ctx context.Context, p types.Participant, t time.Time) (types.SubscriberKey, error) {
	key, err := k.newRegistryView().keyInForce(ctx, &p, t)
	if err != nil {
		return types.SubscriberKey{}, err
	}
	if key == nil {
		return types.SubscriberKey{}, collections.ErrNotFound
	}
	return *key, nil
}
