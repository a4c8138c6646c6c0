package keeper

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the assets Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k} }

func (m msgServer) RegisterMeter(ctx context.Context, msg *types.MsgRegisterMeter) (*types.MsgRegisterMeterResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	if _, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "owner", msg.Owner); err != nil {
		return nil, err
	}
	if err := types.ValidateMeterID(msg.MeterId); err != nil {
		return nil, err
	}
	if err := msg.Kind.Validate(); err != nil {
		return nil, err
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if maxW := p.MaxCapacityOf(msg.Kind); msg.CapacityW == 0 || msg.CapacityW > maxW {
		return nil, types.ErrInvalidMeter.Wrapf("capacity %d W must be 1 W to %d W for a %s meter (param max_capacity_w)", msg.CapacityW, maxW, msg.Kind)
	}
	zone := msg.Zone
	if msg.CommunityId != 0 {
		communityZone, err := m.rbac.CommunityZone(ctx, msg.CommunityId)
		if err != nil {
			return nil, err
		}
		if zone == "" {
			zone = communityZone
		} else if zone != communityZone {
			return nil, types.ErrInvalidMeter.Wrapf("zone %s is not community %d's zone %s", zone, msg.CommunityId, communityZone)
		}
	}
	if err := rbactypes.ValidateZone(zone); err != nil {
		return nil, types.ErrInvalidMeter.Wrapf("zone: %v (give --zone or --community)", err)
	}
	if err := m.requireRole(ctx, signer, rbactypes.Role_GRID_OPERATOR, msg.CommunityId, "register meters"); err != nil {
		return nil, err
	}
	if has, err := m.Meters.Has(ctx, msg.MeterId); err != nil {
		return nil, err
	} else if has {
		return nil, types.ErrMeterExists.Wrapf("meter %s", msg.MeterId)
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	// A pending registration of the id is replaced only by a grid operator
	// of its scope, and only by another proposal while it is current: an
	// immediate registration (owner == signer) of an id a pending proposal
	// holds is refused, so an owner's late consent never meets a live meter.
	if pending, err := m.MeterProposals.Get(ctx, msg.MeterId); err == nil {
		if err := m.requireRole(ctx, signer, rbactypes.Role_GRID_OPERATOR, pending.Meter.CommunityId, "replace a pending registration"); err != nil {
			return nil, err
		}
		if msg.Owner == msg.Signer && !expired(pending, p, sdkCtx.BlockTime()) {
			return nil, types.ErrMeterExists.Wrapf("meter %s is held by a pending registration for %s proposed by %s; wait until it expires (meter_proposal_seconds) or propose again for another owner",
				msg.MeterId, pending.Meter.Owner, pending.ProposedBy)
		}
		if err := m.MeterProposals.Remove(ctx, msg.MeterId); err != nil {
			return nil, err
		}
		if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventMeterProposalDropped{Proposal: pending,
			Reason: fmt.Sprintf("meter %s: replaced by a registration of %s", msg.MeterId, msg.Signer)}); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	meter := types.Meter{
		Id: msg.MeterId, Owner: msg.Owner, CommunityId: msg.CommunityId, Zone: zone, Kind: msg.Kind,
		Renewable: msg.Kind.RenewableKind() && !msg.NonRenewable, CapacityW: msg.CapacityW, Active: true,
		RegisteredBy: msg.Signer, RegisteredHeight: sdkCtx.BlockHeight(), RegisteredAt: sdkCtx.BlockTime(),
	}
	// Registering a meter for another owner waits for that owner's consent.
	return &types.MsgRegisterMeterResponse{}, m.propose(ctx, types.MeterProposal{
		Meter: meter, ProposedBy: msg.Signer, ProposedAt: sdkCtx.BlockTime(),
		NewOwnerAccepted: msg.Owner == msg.Signer, PreviousOwnerAccepted: true,
	})
}

func (m msgServer) UpdateMeter(ctx context.Context, msg *types.MsgUpdateMeter) (*types.MsgUpdateMeterResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	meter, err := m.GetMeter(ctx, msg.MeterId)
	if err != nil {
		return nil, err
	}
	if msg.NewOwner == "" && !msg.Deactivate {
		return nil, types.ErrInvalidMeter.Wrap("nothing to change: give a new owner or deactivate")
	}
	if msg.NewOwner != "" {
		if _, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "new owner", msg.NewOwner); err != nil {
			return nil, err
		}
		if msg.NewOwner == meter.Owner {
			return nil, types.ErrInvalidMeter.Wrapf("meter %s is already owned by %s", meter.Id, meter.Owner)
		}
	}
	if err := m.requireRole(ctx, signer, rbactypes.Role_GRID_OPERATOR, meter.CommunityId, "update meters"); err != nil {
		return nil, err
	}
	if msg.Deactivate {
		meter.Active = false
		if err := m.Meters.Set(ctx, meter.Id, meter); err != nil {
			return nil, err
		}
		if err := sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventMeterUpdated{Meter: meter, UpdatedBy: msg.Signer}); err != nil {
			return nil, err
		}
	}
	if msg.NewOwner == "" {
		return &types.MsgUpdateMeterResponse{}, nil
	}
	// A transfer waits for the consent of the current and the new owner,
	// each given by signing if the signer is one of them.
	proposed := meter
	proposed.Owner = msg.NewOwner
	return &types.MsgUpdateMeterResponse{}, m.propose(ctx, types.MeterProposal{
		Meter: proposed, PreviousOwner: meter.Owner, ProposedBy: msg.Signer, ProposedAt: sdk.UnwrapSDKContext(ctx).BlockTime(),
		NewOwnerAccepted: msg.NewOwner == msg.Signer, PreviousOwnerAccepted: meter.Owner == msg.Signer,
	})
}

// AcceptMeter records an owner's consent to a meter's pending registration
// or transfer, which takes effect once every owner concerned has consented.
func (m msgServer) AcceptMeter(ctx context.Context, msg *types.MsgAcceptMeter) (*types.MsgAcceptMeterResponse, error) {
	if _, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer); err != nil {
		return nil, err
	}
	reason, err := m.accept(ctx, msg.Signer, msg.MeterId)
	if err != nil {
		return nil, err
	}
	return &types.MsgAcceptMeterResponse{DroppedReason: reason}, nil
}

func (m msgServer) AttestProduction(ctx context.Context, msg *types.MsgAttestProduction) (*types.MsgAttestProductionResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if len(msg.Readings) == 0 {
		return nil, types.ErrInvalidReading.Wrap("no readings")
	}
	if uint32(len(msg.Readings)) > p.MaxReadingsPerTx {
		return nil, types.ErrTooManyReadings.Wrapf("%d readings, at most %d per tx", len(msg.Readings), p.MaxReadingsPerTx)
	}
	res := &types.MsgAttestProductionResponse{EcMinted: sdkmath.ZeroInt(), CcAccrued: sdkmath.ZeroInt()}
	renewableWh := sdkmath.ZeroInt()
	// The signer's role is read once per community, not once per reading
	// (a map only looked up, never iterated).
	mayAttest := make(map[uint64]bool)
	for i, r := range msg.Readings {
		meter, err := m.GetMeter(ctx, r.MeterId)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "reading %d", i)
		}
		if !mayAttest[meter.CommunityId] {
			if err := m.requireRole(ctx, signer, rbactypes.Role_GRID_OPERATOR, meter.CommunityId, "attest production"); err != nil {
				return nil, errorsmod.Wrapf(err, "reading %d", i)
			}
			mayAttest[meter.CommunityId] = true
		}
		// Finding 10 of issue 11: separation of duties. A grid operator may
		// register a meter it owns, so it must never also vouch for that
		// meter's production and mint to itself.
		if meter.Owner == msg.Signer {
			return nil, types.ErrUnauthorized.Wrapf("reading %d: meter %s is owned by the signer %s; another grid operator of its community must attest its production",
				i, meter.Id, msg.Signer)
		}
		att, err := m.attest(ctx, msg.Signer, meter, r, p)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "reading %d", i)
		}
		if meter.Renewable {
			renewableWh = renewableWh.Add(sdkmath.NewIntFromUint64(r.EnergyWh))
		}
		res.EcMinted = res.EcMinted.Add(att.EcMinted)
		res.CcAccrued = res.CcAccrued.Add(att.CcAccrued)
	}
	// The running totals are read and written once per tx, not per reading.
	if renewableWh.IsZero() {
		return res, nil
	}
	return res, m.updateTotals(ctx, func(t *types.Totals) {
		t.AttestedWh = t.AttestedWh.Add(renewableWh)
		t.EcMinted = t.EcMinted.Add(res.EcMinted)
		t.CcAccrued = t.CcAccrued.Add(res.CcAccrued)
	})
}

func (m msgServer) ApproveIssuer(ctx context.Context, msg *types.MsgApproveIssuer) (*types.MsgApproveIssuerResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	issuer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "issuer", msg.Issuer)
	if err != nil {
		return nil, err
	}
	if err := m.requireRole(ctx, signer, rbactypes.Role_REGULATOR, 0, "approve issuers"); err != nil {
		return nil, err
	}
	if err := m.Issuers.Set(ctx, issuer); err != nil {
		return nil, err
	}
	return &types.MsgApproveIssuerResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventIssuerApproved{Issuer: msg.Issuer, ApprovedBy: msg.Signer})
}

func (m msgServer) RevokeIssuer(ctx context.Context, msg *types.MsgRevokeIssuer) (*types.MsgRevokeIssuerResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	issuer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "issuer", msg.Issuer)
	if err != nil {
		return nil, err
	}
	if err := m.requireRole(ctx, signer, rbactypes.Role_REGULATOR, 0, "revoke issuers"); err != nil {
		return nil, err
	}
	if ok, err := m.Issuers.Has(ctx, issuer); err != nil {
		return nil, err
	} else if !ok {
		return nil, types.ErrUnknownIssuer.Wrapf("%s is not an approved issuer", msg.Issuer)
	}
	if err := m.Issuers.Remove(ctx, issuer); err != nil {
		return nil, err
	}
	return &types.MsgRevokeIssuerResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventIssuerRevoked{Issuer: msg.Issuer, RevokedBy: msg.Signer})
}

// requireIssuer fails unless addr is an approved issuer now.
func (k Keeper) requireIssuer(ctx context.Context, addr sdk.AccAddress) error {
	ok, err := k.Issuers.Has(ctx, addr)
	if err != nil || ok {
		return err
	}
	return types.ErrUnknownIssuer.Wrapf("%s is not an approved issuer", addr)
}

func (m msgServer) CreateBatch(ctx context.Context, msg *types.MsgCreateBatch) (*types.MsgCreateBatchResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateBatchFields(msg); err != nil {
		return nil, err
	}
	if err := m.requireIssuer(ctx, signer); err != nil {
		return nil, err
	}
	id, err := m.BatchSeq.Next(ctx)
	if err != nil {
		return nil, err
	}
	batch := types.Batch{
		Id: id, Issuer: msg.Signer, ProjectId: msg.ProjectId, VintageStart: msg.VintageStart, VintageEnd: msg.VintageEnd,
		Methodology: msg.Methodology, Jurisdiction: msg.Jurisdiction, MetadataUri: msg.MetadataUri,
		MetadataHash: msg.MetadataHash, TotalIssued: sdkmath.ZeroInt(),
	}
	if err := m.Batches.Set(ctx, id, batch); err != nil {
		return nil, err
	}
	return &types.MsgCreateBatchResponse{BatchId: id}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventBatchCreated{Batch: batch})
}

func (m msgServer) IssueBatch(ctx context.Context, msg *types.MsgIssueBatch) (*types.MsgIssueBatchResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	total, err := m.validatePayouts(msg.Recipients, p.MaxRecipientsPerTx)
	if err != nil {
		return nil, err
	}
	batch, err := m.GetBatch(ctx, msg.BatchId)
	if err != nil {
		return nil, err
	}
	if batch.Issuer != msg.Signer {
		return nil, types.ErrUnauthorized.Wrapf("batch %d belongs to %s", batch.Id, batch.Issuer)
	}
	if err := m.requireIssuer(ctx, signer); err != nil {
		return nil, err // an approval withdrawn since the batch was created stops its issuance
	}
	if batch.Issued {
		return nil, types.ErrAlreadyIssued.Wrapf("batch %d was issued with serials %d-%d", batch.Id, batch.SerialStart, batch.SerialEnd)
	}
	batch, err = m.issueBatch(ctx, batch, msg.Recipients, total)
	if err != nil {
		return nil, err
	}
	return &types.MsgIssueBatchResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventBatchIssued{Batch: batch, Recipients: msg.Recipients})
}

func (m msgServer) Retire(ctx context.Context, msg *types.MsgRetire) (*types.MsgRetireResponse, error) {
	owner, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	if msg.Amount.IsNil() || !msg.Amount.IsPositive() {
		return nil, types.ErrInvalidAmount.Wrap("retire a positive amount of ucc")
	}
	if l := len(strings.TrimSpace(msg.Beneficiary)); l == 0 || len(msg.Beneficiary) > 128 {
		return nil, types.ErrInvalidText.Wrap("beneficiary must be 1 to 128 characters")
	}
	if len(msg.Reason) > 256 {
		return nil, types.ErrInvalidText.Wrap("reason is longer than 256 characters")
	}
	if err := types.ValidateJurisdiction(msg.Jurisdiction); err != nil {
		return nil, err
	}
	cert, err := m.retire(ctx, owner, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgRetireResponse{CertificateId: cert.Id}, nil
}

func (m msgServer) RewardMembers(ctx context.Context, msg *types.MsgRewardMembers) (*types.MsgRewardMembersResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	total, err := m.validatePayouts(msg.Rewards, p.MaxRecipientsPerTx)
	if err != nil {
		return nil, err
	}
	if len(msg.Reason) > 256 {
		return nil, types.ErrInvalidText.Wrap("reason is longer than 256 characters")
	}
	if _, err := m.rbac.CommunityZone(ctx, msg.CommunityId); err != nil {
		return nil, err
	}
	ok, err := m.rbac.HasActiveRole(ctx, signer, rbactypes.Role_COMMUNITY_MANAGER, msg.CommunityId)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, types.ErrUnauthorized.Wrapf("only a COMMUNITY_MANAGER of community %d may reward its members", msg.CommunityId)
	}
	if err := m.reward(ctx, msg, total, p); err != nil {
		return nil, err
	}
	return &types.MsgRewardMembersResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventMembersRewarded{CommunityId: msg.CommunityId, Rewards: msg.Rewards, Reason: msg.Reason, RewardedBy: msg.Signer})
}

func (m msgServer) Burn(ctx context.Context, msg *types.MsgBurn) (*types.MsgBurnResponse, error) {
	owner, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	coin, err := sdk.ParseCoinNormalized(msg.Amount)
	if err != nil {
		return nil, types.ErrInvalidAmount.Wrapf("%q: %v", msg.Amount, err)
	}
	_, isCT, err := types.ParseCommunityTokenDenom(coin.Denom)
	if isCT && err != nil {
		return nil, types.ErrInvalidAmount.Wrapf("%q: %v", msg.Amount, err)
	}
	if !isCT && coin.Denom != types.EnergyCreditDenom {
		return nil, types.ErrInvalidAmount.Wrapf("only %s<community id> and %s are burned this way (retire %s instead)",
			types.CommunityTokenPrefix, types.EnergyCreditDenom, types.CarbonCreditDenom)
	}
	if !coin.IsPositive() {
		return nil, types.ErrInvalidAmount.Wrap("burn a positive amount")
	}
	coins := sdk.NewCoins(coin)
	if err := m.bank.SendCoinsFromAccountToModule(ctx, owner, types.ModuleName, coins); err != nil {
		return nil, types.ErrInvalidAmount.Wrapf("%s cannot burn %s: %v", msg.Owner, coin, err)
	}
	if err := m.bank.BurnCoins(ctx, types.ModuleName, coins); err != nil {
		return nil, err
	}
	if err := m.updateTotals(ctx, func(t *types.Totals) {
		if isCT {
			t.CtBurned = t.CtBurned.Add(coin.Amount)
		} else {
			t.EcBurned = t.EcBurned.Add(coin.Amount)
		}
	}); err != nil {
		return nil, err
	}
	return &types.MsgBurnResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventBurned{Owner: msg.Owner, Amount: coin})
}

func (m msgServer) TreasurySpend(ctx context.Context, msg *types.MsgTreasurySpend) (*types.MsgTreasurySpendResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	if msg.Amount.IsNil() || !msg.Amount.IsPositive() {
		return nil, types.ErrInvalidAmount.Wrap("spend a positive amount of upwc")
	}
	if len(msg.Purpose) > 256 {
		return nil, types.ErrInvalidText.Wrap("purpose is longer than 256 characters")
	}
	admin, err := m.rbac.IsAdmin(ctx, signer)
	if err != nil {
		return nil, err
	}
	if !admin {
		return nil, types.ErrUnauthorized.Wrapf("only an ADMIN may spend from the treasury; %s is not one", msg.Signer)
	}
	paid, epoch, err := m.spendTreasury(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgTreasurySpendResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventTreasurySpent{
		Recipient: msg.Recipient, Amount: paid, Purpose: msg.Purpose, SpentBy: msg.Signer, Epoch: epoch,
	})
}

// UpdateParams replaces the params. They bound what ADMINs may do
// (treasury limit, CT cap), so only governance changes them.
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	err := moduleutil.UpdateParams(ctx, m.addressCodec, m.gov, msg.Authority, msg.Params, m.Params,
		&types.EventParamsUpdated{Authority: msg.Authority, Params: msg.Params})
	if err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}
