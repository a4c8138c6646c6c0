package assets

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/powershare/powershare/x/assets/types"
)

// AutoCLIOptions describes the assets CLI. attest-production, issue-batch,
// retire, reward-members and treasury-spend are hand-written (client/cli).
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	custom := func(method string) *autocliv1.RpcCommandOptions {
		return &autocliv1.RpcCommandOptions{RpcMethod: method, Skip: true}
	}
	return &autocliv1.ModuleOptions{
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod:      "RegisterMeter",
					Use:            "register-meter [meter-id] [owner]",
					Short:          "Register a meter (GRID_OPERATOR)",
					Long:           "Register a meter. --kind is solar, wind, hydro, biomass, grid or battery; the first four are renewable unless --non-renewable. The zone defaults to the community's.",
					Example:        "powershared tx assets register-meter alice-solar-1 power1... --kind solar --capacity-w 5000 --community 1 --from gridop",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "meter_id"}, {ProtoField: "owner"}},
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"community_id": {Name: "community", Usage: "x/rbac community of the meter"},
						"capacity_w":   {Name: "capacity-w", Usage: "peak power in watts"},
						"kind":         {Usage: "solar, wind, hydro, biomass, grid or battery"},
					},
				},
				{
					RpcMethod:      "UpdateMeter",
					Use:            "update-meter [meter-id]",
					Short:          "Propose a new owner (--new-owner; both owners consent with accept-meter) or deactivate a meter (--deactivate) (GRID_OPERATOR)",
					Example:        "powershared tx assets update-meter alice-solar-1 --new-owner power1... --from gridop",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "meter_id"}},
				},
				{
					RpcMethod:      "AcceptMeter",
					Use:            "accept-meter [meter-id]",
					Short:          "Consent, as its new or current owner, to a meter's pending registration or transfer",
					Example:        "powershared tx assets accept-meter alice-solar-1 --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "meter_id"}},
				},
				{
					RpcMethod:      "ApproveIssuer",
					Use:            "approve-issuer [address]",
					Short:          "Approve a Carbon Credit issuer (REGULATOR)",
					Example:        "powershared tx assets approve-issuer power1... --from regulator",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "issuer"}},
				},
				{
					RpcMethod:      "RevokeIssuer",
					Use:            "revoke-issuer [address]",
					Short:          "Withdraw an issuer's approval: no new batches, no issuance of its open ones (REGULATOR)",
					Example:        "powershared tx assets revoke-issuer power1... --from regulator",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "issuer"}},
				},
				{
					RpcMethod: "CreateBatch",
					Use:       "create-batch [project-id] [vintage-start] [vintage-end] [methodology] [jurisdiction]",
					Short:     "Describe a Carbon Credit batch (an approved issuer); issue it with issue-batch",
					Example:   "powershared tx assets create-batch solar-coop-7 2026-01-01T00:00:00Z 2026-12-31T00:00:00Z ACM0002 IN-KA --metadata-uri https://... --metadata-hash <sha256 hex> --from issuer",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "project_id"}, {ProtoField: "vintage_start"}, {ProtoField: "vintage_end"},
						{ProtoField: "methodology"}, {ProtoField: "jurisdiction"},
					},
				},
				{
					RpcMethod:      "Burn",
					Use:            "burn [amount]",
					Short:          "Burn your Community Tokens (uct/<community-id>: redeem points) or Energy Credits (uec)",
					Example:        "powershared tx assets burn 500uct/1 --from bob",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "amount"}},
				},
				{
					RpcMethod:      "UpdateParams",
					Use:            "update-params [params-json]",
					Short:          "Replace the parameters (governance: submit it in a gov proposal)",
					Example:        `powershared tx gov submit-proposal proposal.json  # with a /powershare.assets.v1.MsgUpdateParams signed by the gov account`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
				},
				custom("AttestProduction"), custom("IssueBatch"), custom("Retire"), custom("RewardMembers"), custom("TreasurySpend"),
			},
		},
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Meter", Use: "meter [id]", Short: "A meter", Example: "powershared q assets meter alice-solar-1",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}}},
				{RpcMethod: "MetersByOwner", Use: "meters-by-owner [address]", Short: "An owner's meters (JSON field meters)",
					Example: "powershared q assets meters-by-owner power1...", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}}},
				{RpcMethod: "MetersByCommunity", Use: "meters-by-community [community-id]", Short: "A community's meters",
					Example: "powershared q assets meters-by-community 1", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "community_id"}}},
				{RpcMethod: "MetersByZone", Use: "meters-by-zone [zone]", Short: "A grid zone's meters",
					Example: "powershared q assets meters-by-zone zone-a", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "zone"}}},
				{RpcMethod: "MeterProposal", Use: "meter-proposal [meter-id]", Short: "A meter's registration or transfer awaiting its owners' consent",
					Example: "powershared q assets meter-proposal alice-solar-1", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "meter_id"}}},
				{RpcMethod: "Attestations", Use: "attestations [meter-id]", Short: "A meter's attestations whose period starts in [--from, --to)",
					Example:        "powershared q assets attestations alice-solar-1 --from 2026-11-01T00:00:00Z --to 2026-12-01T00:00:00Z",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "meter_id"}}},
				{RpcMethod: "Totals", Use: "totals", Short: "Running totals: attested Wh, EC minted and burned, CC accrued, issued and retired, CT rewarded and burned, treasury spent",
					Example: "powershared q assets totals"},
				{RpcMethod: "Batch", Use: "batch [id]", Short: "A Carbon Credit batch", Example: "powershared q assets batch 1",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}}},
				{RpcMethod: "Batches", Use: "batches", Short: "The Carbon Credit batches", Example: "powershared q assets batches"},
				{RpcMethod: "Issuers", Use: "issuers", Short: "The approved Carbon Credit issuers", Example: "powershared q assets issuers"},
				{RpcMethod: "Certificate", Use: "certificate [id]", Short: "A retirement certificate", Example: "powershared q assets certificate 1",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}}},
				{RpcMethod: "CertificatesByOwner", Use: "certificates-by-owner [address]", Short: "An owner's retirement certificates",
					Example: "powershared q assets certificates-by-owner power1...", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}}},
				{RpcMethod: "CertificatesByBeneficiary", Use: "certificates-by-beneficiary [beneficiary]", Short: "The certificates claimed for a beneficiary",
					Example: `powershared q assets certificates-by-beneficiary "Alice Household"`, PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "beneficiary"}}},
				{RpcMethod: "Params", Use: "params", Short: "The parameters", Example: "powershared q assets params"},
			},
		},
	}
}
