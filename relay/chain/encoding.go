// Package chain is the relay's connection to the PowerShare chain: a gRPC
// connection (Dial) and a TxClient that signs with a key of the SDK keyring
// (ML-DSA-65 accounts, as the chain's), simulates for gas, broadcasts and
// waits for inclusion. It builds its own encoding from the SDK and the
// modules' types: off-chain code never imports app/ or a keeper.
package chain

import (
	"sync"

	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/std"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/tx/signing"

	beckntypes "github.com/powershare/powershare/x/beckn/types"
	markettypes "github.com/powershare/powershare/x/market/types"
)

// Bech32Prefix is the prefix of PowerShare account addresses. It repeats
// app/params.Bech32Prefix, which off-chain code may not import; NewTxClient
// checks that the node agrees.
const Bech32Prefix = "power"

// Encoding is what the relay needs to encode, sign and decode PowerShare
// transactions and gRPC answers.
type Encoding struct {
	InterfaceRegistry codectypes.InterfaceRegistry
	Codec             *codec.ProtoCodec
	TxConfig          client.TxConfig
}

// NewEncoding builds the encoding from the SDK's standard types (crypto keys
// including ML-DSA-65, txs), auth, authz and bank, and the Msgs of x/beckn
// and x/market: what the relay sends and reads back.
func NewEncoding() (Encoding, error) {
	registry, err := codectypes.NewInterfaceRegistryWithOptions(codectypes.InterfaceRegistryOptions{
		ProtoFiles: proto.HybridResolver,
		SigningOptions: signing.Options{
			AddressCodec:          address.NewBech32Codec(Bech32Prefix),
			ValidatorAddressCodec: address.NewBech32Codec(Bech32Prefix + sdk.PrefixValidator + sdk.PrefixOperator),
		},
	})
	if err != nil {
		return Encoding{}, err
	}
	std.RegisterInterfaces(registry)
	authtypes.RegisterInterfaces(registry)
	authz.RegisterInterfaces(registry)
	banktypes.RegisterInterfaces(registry)
	beckntypes.RegisterInterfaces(registry)
	markettypes.RegisterInterfaces(registry)
	cdc := codec.NewProtoCodec(registry)
	return Encoding{
		InterfaceRegistry: registry,
		Codec:             cdc,
		TxConfig:          authtx.NewTxConfig(cdc, authtx.DefaultSignModes),
	}, nil
}

// sharedEncoding is built once: it holds no state beyond its registrations.
var sharedEncoding = sync.OnceValues(NewEncoding)

// AddressString encodes an account address with PowerShare's prefix.
func AddressString(addr sdk.AccAddress) (string, error) {
	return address.NewBech32Codec(Bech32Prefix).BytesToString(addr)
}
