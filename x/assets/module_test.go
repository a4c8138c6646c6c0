package assets_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/assets"
	"github.com/powershare/powershare/x/assets/keeper"
)

// A node wired without PowerCoin's denom would pay the treasury out in no
// denom at all: it must not start.
func TestAppModuleRefusesAKeeperWithoutBondDenom(t *testing.T) {
	require.PanicsWithValue(t, "assets: the keeper has no bond denom; wire it with Keeper.WithBondDenom",
		func() { assets.NewAppModule(keeper.Keeper{}) })
	require.Panics(t, func() { keeper.Keeper{}.WithBondDenom("") }, "an empty denom is not a denom")
}
