package keeper_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/assets/types"
)

func (f *fixture) createBatch(t *testing.T, issuer string) uint64 {
	t.Helper()
	res, err := f.msg.CreateBatch(f.ctx, &types.MsgCreateBatch{
		Signer: issuer, ProjectId: "solar-coop-7", VintageStart: now.AddDate(-1, 0, 0), VintageEnd: now.AddDate(0, -1, 0),
		Methodology: "ACM0002", Jurisdiction: "IN-KA", MetadataUri: "https://example.org/batch.json",
		MetadataHash: strings.Repeat("ab", 32),
	})
	require.NoError(t, err)
	return res.BatchId
}

func TestIssuersAndBatches(t *testing.T) {
	f := setup(t)
	_, err := f.msg.ApproveIssuer(f.ctx, &types.MsgApproveIssuer{Signer: f.alice, Issuer: f.carol})
	require.ErrorIs(t, err, types.ErrUnauthorized, "only a REGULATOR approves issuers")
	_, err = f.msg.CreateBatch(f.ctx, &types.MsgCreateBatch{Signer: f.carol, ProjectId: "p", VintageStart: now.Add(-time.Hour),
		VintageEnd: now, Methodology: "m", Jurisdiction: "DE"})
	require.ErrorIs(t, err, types.ErrUnknownIssuer, "not an approved issuer yet")

	_, err = f.msg.ApproveIssuer(f.ctx, &types.MsgApproveIssuer{Signer: f.regulator, Issuer: f.carol})
	require.NoError(t, err)
	first := f.createBatch(t, f.carol)
	second := f.createBatch(t, f.carol)

	// ACT: issue both; serials follow each other.
	_, err = f.msg.IssueBatch(f.ctx, &types.MsgIssueBatch{Signer: f.carol, BatchId: first,
		Recipients: []types.Payout{{Address: f.alice, Amount: sdkmath.NewInt(700)}, {Address: f.bob, Amount: sdkmath.NewInt(300)}}})
	require.NoError(t, err)
	_, err = f.msg.IssueBatch(f.ctx, &types.MsgIssueBatch{Signer: f.carol, BatchId: second,
		Recipients: []types.Payout{{Address: f.alice, Amount: sdkmath.NewInt(50)}}})
	require.NoError(t, err)

	// ASSERT
	b1, err := f.query.Batch(f.ctx, &types.QueryBatchRequest{Id: first})
	require.NoError(t, err)
	require.Equal(t, [2]uint64{1, 1000}, [2]uint64{b1.Batch.SerialStart, b1.Batch.SerialEnd})
	b2, err := f.query.Batch(f.ctx, &types.QueryBatchRequest{Id: second})
	require.NoError(t, err)
	require.Equal(t, [2]uint64{1001, 1050}, [2]uint64{b2.Batch.SerialStart, b2.Batch.SerialEnd})
	require.Equal(t, sdkmath.NewInt(750), f.balance(t, f.alice, types.CarbonCreditDenom))

	_, err = f.msg.IssueBatch(f.ctx, &types.MsgIssueBatch{Signer: f.carol, BatchId: first,
		Recipients: []types.Payout{{Address: f.alice, Amount: sdkmath.NewInt(1)}}})
	require.ErrorIs(t, err, types.ErrAlreadyIssued)
	_, err = f.msg.IssueBatch(f.ctx, &types.MsgIssueBatch{Signer: f.regulator, BatchId: f.createBatchAs(t, f.carol),
		Recipients: []types.Payout{{Address: f.alice, Amount: sdkmath.NewInt(1)}}})
	require.ErrorIs(t, err, types.ErrUnauthorized, "only the batch's issuer issues it")
	_, err = f.msg.IssueBatch(f.ctx, &types.MsgIssueBatch{Signer: f.carol, BatchId: 99,
		Recipients: []types.Payout{{Address: f.alice, Amount: sdkmath.NewInt(1)}}})
	require.ErrorIs(t, err, types.ErrUnknownBatch)
}

func (f *fixture) createBatchAs(t *testing.T, issuer string) uint64 { return f.createBatch(t, issuer) }

func TestCreateBatchValidation(t *testing.T) {
	f := setup(t)
	_, err := f.msg.ApproveIssuer(f.ctx, &types.MsgApproveIssuer{Signer: f.regulator, Issuer: f.carol})
	require.NoError(t, err)
	valid := func() *types.MsgCreateBatch {
		return &types.MsgCreateBatch{Signer: f.carol, ProjectId: "p", VintageStart: now.Add(-time.Hour), VintageEnd: now,
			Methodology: "m", Jurisdiction: "DE"}
	}
	cases := map[string]func(m *types.MsgCreateBatch){
		"vintage ends before it starts": func(m *types.MsgCreateBatch) { m.VintageEnd = m.VintageStart.Add(-time.Second) },
		"hash not SHA-256":              func(m *types.MsgCreateBatch) { m.MetadataHash = "abcd" },
		"no project":                    func(m *types.MsgCreateBatch) { m.ProjectId = "" },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			m := valid()
			mutate(m)
			_, err := f.msg.CreateBatch(f.ctx, m)
			require.ErrorIs(t, err, types.ErrInvalidBatch)
		})
	}
}

func TestRetire(t *testing.T) {
	f := setup(t)
	f.registerSolar(t, "m1", f.alice)
	_, err := f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
		Readings: []types.Reading{reading("m1", now.Add(-time.Hour), time.Hour, 5000)}}) // 2,000 ucc
	require.NoError(t, err)

	res, err := f.msg.Retire(f.ctx, &types.MsgRetire{Owner: f.alice, Amount: sdkmath.NewInt(1500),
		Beneficiary: "Alice Household", Jurisdiction: "IN-KA", Reason: "2026 footprint"})
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(500), f.balance(t, f.alice, types.CarbonCreditDenom))

	cert, err := f.query.Certificate(f.ctx, &types.QueryCertificateRequest{Id: res.CertificateId})
	require.NoError(t, err)
	require.Equal(t, f.alice, cert.Certificate.Owner)
	require.Equal(t, sdkmath.NewInt(1500), cert.Certificate.Amount)
	require.Equal(t, int64(100), cert.Certificate.Height)
	byBeneficiary, err := f.query.CertificatesByBeneficiary(f.ctx, &types.QueryCertificatesByBeneficiaryRequest{Beneficiary: "Alice Household"})
	require.NoError(t, err)
	require.Len(t, byBeneficiary.Certificates, 1)
	byOwner, err := f.query.CertificatesByOwner(f.ctx, &types.QueryCertificatesByOwnerRequest{Owner: f.alice})
	require.NoError(t, err)
	require.Len(t, byOwner.Certificates, 1)
	totals, err := f.query.Totals(f.ctx, &types.QueryTotalsRequest{})
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(1500), totals.Totals.CcRetired)

	for name, msg := range map[string]*types.MsgRetire{
		"more than held":   {Owner: f.alice, Amount: sdkmath.NewInt(501), Beneficiary: "A", Jurisdiction: "DE"},
		"zero":             {Owner: f.alice, Amount: sdkmath.ZeroInt(), Beneficiary: "A", Jurisdiction: "DE"},
		"bad jurisdiction": {Owner: f.alice, Amount: sdkmath.NewInt(1), Beneficiary: "A", Jurisdiction: "Germany"},
		"no beneficiary":   {Owner: f.alice, Amount: sdkmath.NewInt(1), Beneficiary: " ", Jurisdiction: "DE"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.msg.Retire(f.ctx, msg)
			require.Error(t, err)
			require.Equal(t, sdkmath.NewInt(500), f.balance(t, f.alice, types.CarbonCreditDenom))
		})
	}
}

func TestCreateBatchRefusesBadJurisdictions(t *testing.T) {
	f := setup(t)
	_, err := f.msg.ApproveIssuer(f.ctx, &types.MsgApproveIssuer{Signer: f.regulator, Issuer: f.carol})
	require.NoError(t, err)
	for _, code := range []string{"Karnataka", "in-ka", "IN-", "IN-KARN", "I"} {
		_, err := f.msg.CreateBatch(f.ctx, &types.MsgCreateBatch{Signer: f.carol, ProjectId: "p", Methodology: "m",
			VintageStart: now.Add(-time.Hour), VintageEnd: now, Jurisdiction: code})
		require.ErrorIs(t, err, types.ErrInvalidJurisdiction, code)
	}
}

func TestRevokedIssuerCanNeitherCreateNorIssue(t *testing.T) {
	f := setup(t)
	_, err := f.msg.ApproveIssuer(f.ctx, &types.MsgApproveIssuer{Signer: f.regulator, Issuer: f.carol})
	require.NoError(t, err)
	open := f.createBatch(t, f.carol)

	_, err = f.msg.RevokeIssuer(f.ctx, &types.MsgRevokeIssuer{Signer: f.alice, Issuer: f.carol})
	require.ErrorIs(t, err, types.ErrUnauthorized, "only a REGULATOR revokes")
	_, err = f.msg.RevokeIssuer(f.ctx, &types.MsgRevokeIssuer{Signer: f.regulator, Issuer: f.carol})
	require.NoError(t, err)
	_, err = f.msg.RevokeIssuer(f.ctx, &types.MsgRevokeIssuer{Signer: f.regulator, Issuer: f.carol})
	require.ErrorIs(t, err, types.ErrUnknownIssuer)

	_, err = f.msg.IssueBatch(f.ctx, &types.MsgIssueBatch{Signer: f.carol, BatchId: open,
		Recipients: []types.Payout{{Address: f.alice, Amount: sdkmath.NewInt(1)}}})
	require.ErrorIs(t, err, types.ErrUnknownIssuer, "an open batch cannot be issued any more")
	_, err = f.msg.CreateBatch(f.ctx, &types.MsgCreateBatch{Signer: f.carol, ProjectId: "p", Methodology: "m",
		VintageStart: now.Add(-time.Hour), VintageEnd: now, Jurisdiction: "DE"})
	require.ErrorIs(t, err, types.ErrUnknownIssuer)
}

func TestBatchSerialsCannotOverflow(t *testing.T) {
	f := setup(t)
	_, err := f.msg.ApproveIssuer(f.ctx, &types.MsgApproveIssuer{Signer: f.regulator, Issuer: f.carol})
	require.NoError(t, err)
	id := f.createBatch(t, f.carol)
	huge := sdkmath.NewIntFromUint64(math.MaxUint64)
	_, err = f.msg.IssueBatch(f.ctx, &types.MsgIssueBatch{Signer: f.carol, BatchId: id,
		Recipients: []types.Payout{{Address: f.alice, Amount: huge}}})
	require.ErrorIs(t, err, types.ErrInvalidAmount)
	_, err = f.msg.IssueBatch(f.ctx, &types.MsgIssueBatch{Signer: f.carol, BatchId: id,
		Recipients: []types.Payout{{Address: f.alice, Amount: huge.Mul(huge).Mul(huge)}, {Address: f.bob, Amount: huge.Mul(huge).Mul(huge)}}})
	require.Error(t, err, "sums past 256 bits are refused, not a panic")
}
