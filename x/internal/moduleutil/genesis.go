package moduleutil

import (
	"github.com/cosmos/gogoproto/proto"

	"context"
	"encoding/json"
	"fmt"

	"cosmossdk.io/core/address"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// GenesisMessage is a pointer to a module's GenesisState message, which
// validates itself against an address codec.
type GenesisMessage[G any] interface {
	*G
	proto.Message
	Validate(ac address.Codec) error
}

// GenesisKeeper loads and exports a module's whole state.
type GenesisKeeper[G any] interface {
	InitGenesis(ctx context.Context, gs G) error
	ExportGenesis(ctx context.Context) (*G, error)
}

// Genesis implements module.HasGenesis the one way PowerShare's modules do:
// JSON through the codec, validation by the GenesisState itself, keeper
// errors turned into panics only here, at the module boundary. A module's
// AppModule embeds it.
type Genesis[G any, PG GenesisMessage[G]] struct {
	name           string
	defaultGenesis func() *G
	keeper         GenesisKeeper[G]
	addressCodec   address.Codec
}

// NewGenesis returns the genesis handling of the module name.
func NewGenesis[G any, PG GenesisMessage[G]](name string, defaultGenesis func() *G, keeper GenesisKeeper[G],
	addressCodec address.Codec,
) Genesis[G, PG] {
	return Genesis[G, PG]{name: name, defaultGenesis: defaultGenesis, keeper: keeper, addressCodec: addressCodec}
}

// DefaultGenesis returns the default genesis state.
func (g Genesis[G, PG]) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	return cdc.MustMarshalJSON(PG(g.defaultGenesis()))
}

// ValidateGenesis checks a genesis state.
func (g Genesis[G, PG]) ValidateGenesis(cdc codec.JSONCodec, _ client.TxEncodingConfig, bz json.RawMessage) error {
	gs := PG(new(G))
	if err := cdc.UnmarshalJSON(bz, gs); err != nil {
		return fmt.Errorf("decoding %s genesis: %w", g.name, err)
	}
	return gs.Validate(g.addressCodec)
}

// InitGenesis validates and loads the genesis state: a node never starts
// from a state its own validation refuses, whether or not the operator ran
// `genesis validate`.
func (g Genesis[G, PG]) InitGenesis(ctx sdk.Context, cdc codec.JSONCodec, bz json.RawMessage) {
	gs := PG(new(G))
	cdc.MustUnmarshalJSON(bz, gs)
	if err := gs.Validate(g.addressCodec); err != nil {
		panic(fmt.Errorf("invalid %s genesis: %w", g.name, err))
	}
	if err := g.keeper.InitGenesis(ctx, *gs); err != nil {
		panic(fmt.Errorf("initialising %s genesis: %w", g.name, err))
	}
}

// ExportGenesis exports the module state.
func (g Genesis[G, PG]) ExportGenesis(ctx sdk.Context, cdc codec.JSONCodec) json.RawMessage {
	gs, err := g.keeper.ExportGenesis(ctx)
	if err != nil {
		panic(fmt.Errorf("exporting %s genesis: %w", g.name, err))
	}
	return cdc.MustMarshalJSON(PG(gs))
}
