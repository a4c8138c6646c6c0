package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/rbac/types"
)

func TestParseRoleAcceptsTheCLIAndEnumSpellings(t *testing.T) {
	for name, want := range map[string]types.Role{
		"grid-operator":     types.Role_GRID_OPERATOR,
		"GRID_OPERATOR":     types.Role_GRID_OPERATOR,
		"Prosumer":          types.Role_PROSUMER,
		"Community-Manager": types.Role_COMMUNITY_MANAGER,
	} {
		got, err := types.ParseRole(name)
		require.NoError(t, err, name)
		require.Equal(t, want, got, name)
	}
	for _, name := range []string{"KING", "", "unspecified", "ROLE_UNSPECIFIED"} {
		_, err := types.ParseRole(name)
		require.ErrorIs(t, err, types.ErrUnknownRole, name)
	}
}

func TestCLINameRoundTripsThroughParseRole(t *testing.T) {
	for _, role := range types.AllRoles {
		got, err := types.ParseRole(role.CLIName())
		require.NoError(t, err)
		require.Equal(t, role, got)
	}
	require.Equal(t, "grid-operator", types.Role_GRID_OPERATOR.CLIName())
}

func TestRoleValidateRefusesUnsetAndUnknownValues(t *testing.T) {
	require.NoError(t, types.Role_RELAY.Validate())
	require.ErrorIs(t, types.Role_ROLE_UNSPECIFIED.Validate(), types.ErrUnknownRole)
	require.ErrorIs(t, types.Role(99).Validate(), types.ErrUnknownRole)
}
