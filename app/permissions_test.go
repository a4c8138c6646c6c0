package app_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/app"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// noRoleMsgs are the Msgs the app routes that no role may send, each with the
// reason. Governance Msgs (params, upgrades, community pool spends) are sent
// only by the gov module account inside an executed proposal, which x/rbac
// does not check; x/rbac's own MsgUpdateParams is the exception (ADMINs may
// change it directly) and has a row.
var noRoleMsgs = map[string]string{
	"/cosmos.auth.v1beta1.MsgUpdateParams":                        "governance",
	"/cosmos.bank.v1beta1.MsgUpdateParams":                        "governance",
	"/cosmos.bank.v1beta1.MsgSetSendEnabled":                      "governance",
	"/cosmos.staking.v1beta1.MsgUpdateParams":                     "governance",
	"/cosmos.slashing.v1beta1.MsgUpdateParams":                    "governance",
	"/cosmos.distribution.v1beta1.MsgUpdateParams":                "governance",
	"/cosmos.distribution.v1beta1.MsgCommunityPoolSpend":          "governance",
	"/cosmos.distribution.v1beta1.MsgDepositValidatorRewardsPool": "not offered: validators are rewarded from fees only",
	"/cosmos.gov.v1.MsgUpdateParams":                              "governance",
	"/cosmos.gov.v1.MsgExecLegacyContent":                         "governance (legacy content proposals are not used)",
	"/cosmos.consensus.v1.MsgUpdateParams":                        "governance",
	"/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade":                  "governance",
	"/cosmos.upgrade.v1beta1.MsgCancelUpgrade":                    "governance",
	"/powershare.assets.v1.MsgUpdateParams":                       "governance",
	"/powershare.market.v1.MsgUpdateParams":                       "governance",
	"/powershare.beckn.v1.MsgUpdateParams":                        "governance",
	"/powershare.achievements.v1.MsgUpdateParams":                 "governance",

	"/cosmos.gov.v1beta1.MsgSubmitProposal":       "legacy duplicate of gov v1's, which has the row",
	"/cosmos.gov.v1beta1.MsgDeposit":              "legacy duplicate of gov v1's, which has the row",
	"/cosmos.gov.v1beta1.MsgVote":                 "legacy duplicate of gov v1's, which has the row",
	"/cosmos.gov.v1beta1.MsgVoteWeighted":         "legacy duplicate of gov v1's, which has the row",
	"/cosmos.feegrant.v1beta1.MsgPruneAllowances": "not offered: expired allowances are pruned as they are used",
	"/cosmos.evidence.v1beta1.MsgSubmitEvidence":  "not offered: CometBFT reports double signing itself",
}

// routedMsgs are the type URLs of every Msg the app's MsgServiceRouter routes.
func routedMsgs(t *testing.T, a *app.App) []string {
	t.Helper()
	var routed []string
	for _, url := range a.InterfaceRegistry().ListImplementations(sdk.MsgInterfaceProtoName) {
		if a.MsgServiceRouter().HandlerByTypeURL(url) != nil {
			routed = append(routed, url)
		}
	}
	require.NotEmpty(t, routed)
	return routed
}

func TestEveryRoutedMsgHasAPermissionRowOrAReasonWhyNot(t *testing.T) {
	a := newTestApp(t)
	permitted := map[string]bool{}
	for _, row := range app.DefaultPermissions() {
		for _, url := range row.MsgTypeUrls {
			permitted[url] = true
		}
	}
	for _, url := range app.DefaultOpenMsgs() {
		permitted[url] = true
	}

	routed := routedMsgs(t, a)
	for _, url := range routed {
		_, excluded := noRoleMsgs[url]
		switch {
		case permitted[url] && excluded:
			t.Errorf("%s has a permission row but is listed in noRoleMsgs", url)
		case !permitted[url] && !excluded:
			t.Errorf("%s is routed but no role may send it: add it to its module's Permissions or to noRoleMsgs", url)
		}
	}
	for url := range permitted {
		require.Truef(t, slices.Contains(routed, url), "the permission table names %s, which the app does not route", url)
	}
	for url := range noRoleMsgs {
		require.Truef(t, slices.Contains(routed, url), "noRoleMsgs names %s, which the app does not route", url)
	}
}

// TestDefaultPermissionTableUnchanged pins the default table and open Msgs of
// a new chain. A change here changes who may do what on a new chain: update
// testdata/default_permissions.json deliberately (run with
// UPDATE_PERMISSIONS=1) and say so in the change.
func TestDefaultPermissionTableUnchanged(t *testing.T) {
	got, err := json.MarshalIndent(struct {
		Permissions []rbactypes.RolePermissions `json:"permissions"`
		OpenMsgs    []string                    `json:"open_msgs"`
	}{app.DefaultPermissions(), app.DefaultOpenMsgs()}, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	const golden = "testdata/default_permissions.json"
	if os.Getenv("UPDATE_PERMISSIONS") == "1" {
		require.NoError(t, os.WriteFile(golden, got, 0o600))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))
}

// The default genesis carries the app's table, not x/rbac's own part of it.
func TestDefaultGenesisHasTheAppPermissionTable(t *testing.T) {
	a := newTestApp(t)
	var rbac rbactypes.GenesisState
	require.NoError(t, a.AppCodec().UnmarshalJSON(a.DefaultGenesis()[rbactypes.ModuleName], &rbac))
	require.Equal(t, app.DefaultPermissions(), rbac.Permissions)
	require.Equal(t, app.DefaultOpenMsgs(), rbac.Params.OpenMsgTypeUrls)
}

// TestPermissionTableDoc keeps the table in x/rbac/README.md the one the app
// starts a chain with: it renders the default table between the README's
// markers and fails if the README says otherwise (UPDATE_PERMISSIONS=1
// rewrites it).
func TestPermissionTableDoc(t *testing.T) {
	const readme = "../x/rbac/README.md"
	const begin, end = "<!-- permission-table:begin -->\n", "<!-- permission-table:end -->"
	var b strings.Builder
	b.WriteString(begin)
	b.WriteString("| role | may send |\n|---|---|\n")
	for _, row := range app.DefaultPermissions() {
		urls := make([]string, len(row.MsgTypeUrls))
		for i, url := range row.MsgTypeUrls {
			urls[i] = "`" + url + "`"
		}
		fmt.Fprintf(&b, "| %s | %s |\n", row.Role, strings.Join(urls, "<br>"))
	}
	open := make([]string, 0, len(app.DefaultOpenMsgs()))
	for _, url := range app.DefaultOpenMsgs() {
		open = append(open, "`"+url+"`")
	}
	fmt.Fprintf(&b, "| anyone (open Msgs) | %s |\n", strings.Join(open, "<br>"))

	bz, err := os.ReadFile(readme)
	require.NoError(t, err)
	doc := string(bz)
	from, to := strings.Index(doc, begin), strings.Index(doc, end)
	require.True(t, from >= 0 && to > from, "%s lacks the permission-table markers", readme)
	updated := doc[:from] + b.String() + doc[to:]
	if os.Getenv("UPDATE_PERMISSIONS") == "1" {
		require.NoError(t, os.WriteFile(readme, []byte(updated), 0o600))
		return
	}
	require.Equal(t, updated, doc, "x/rbac/README.md's table differs from the app's: run UPDATE_PERMISSIONS=1 go test ./app -run TestPermissionTableDoc")
}
