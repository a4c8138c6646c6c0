package types

import (
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
	"github.com/cosmos/cosmos-sdk/x/authz"
)

// RegisterInterfaces registers the module's Msgs with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgSubscribe{}, &MsgApproveSubscription{}, &MsgRejectSubscription{}, &MsgRotateKeys{},
		&MsgUnsubscribe{}, &MsgAnchorOrders{}, &MsgUpdateOrderState{}, &MsgUpdateParams{})
	registry.RegisterImplementations((*authz.Authorization)(nil), &SettlementAuthorization{})
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
