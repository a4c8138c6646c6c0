package app_test

import (
	"os"
	"testing"

	dbm "github.com/cosmos/cosmos-db"

	"cosmossdk.io/log/v2"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
)

func TestMain(m *testing.M) {
	// The keepers decode their authority with PowerShare's prefixes.
	params.SetAddressPrefixes()
	os.Exit(m.Run())
}

// newTestApp builds the app over an in-memory database, without a chain.
func newTestApp(t *testing.T) *app.App {
	t.Helper()
	return app.New(log.NewNopLogger(), dbm.NewMemDB(), false, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()))
}
