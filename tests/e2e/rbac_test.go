package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/suite"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	"github.com/cosmos/cosmos-sdk/crypto/keys/mldsa65"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/network"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// RBACSuite runs the permission flows on a 4-validator network whose
// operators hold OPERATOR and whose validator 0 operator is the ADMIN.
type RBACSuite struct {
	suite.Suite
	net *network.Network
}

func TestRBAC(t *testing.T) {
	suite.Run(t, new(RBACSuite))
}

func (s *RBACSuite) SetupSuite() {
	s.net = network.New(s.T(), network.DefaultConfig())
}

func (s *RBACSuite) admin() *network.Validator { return s.net.Validators[0] }

// newFundedAccount creates an ML-DSA-65 key in validator 0's keyring and
// funds it from the admin, without granting it any role.
func (s *RBACSuite) newFundedAccount(name string) sdk.AccAddress {
	val := s.admin()
	record, _, err := val.ClientCtx.Keyring.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath, "", hd.MlDsa65)
	s.Require().NoError(err)
	addr, err := record.GetAddress()
	s.Require().NoError(err)
	s.deliverOK(val.Moniker, banktypes.NewMsgSend(val.Address, addr,
		sdk.NewCoins(sdk.NewInt64Coin(params.BondDenom, 5_000_000_000))))
	return addr
}

func (s *RBACSuite) deliverOK(signer string, msgs ...sdk.Msg) {
	res, err := network.Deliver(s.net, signer, msgs...)
	s.Require().NoError(err)
	s.Require().Zero(res.Code, res.RawLog)
}

// checkTxRefused signs and submits msgs and asserts CheckTx refuses them
// with the rbac permission error.
func (s *RBACSuite) checkTxRefused(signer string, msgs ...sdk.Msg) string {
	val := s.admin()
	txBytes, err := network.SignTx(val, signer, network.DefaultGasLimit, msgs...)
	s.Require().NoError(err)
	res, err := network.BroadcastSync(val, txBytes)
	s.Require().NoError(err)
	s.Require().Equal(rbactypes.ErrMissingPermission.ABCICode(), res.Code, res.RawLog)
	return res.RawLog
}

func (s *RBACSuite) grant(addr sdk.AccAddress, role rbactypes.Role) {
	val := s.admin()
	s.deliverOK(val.Moniker, &rbactypes.MsgGrantRole{Signer: val.Address.String(), Address: addr.String(), Role: role})
}

func (s *RBACSuite) revoke(addr sdk.AccAddress, role rbactypes.Role) {
	val := s.admin()
	s.deliverOK(val.Moniker, &rbactypes.MsgRevokeRole{Signer: val.Address.String(), Address: addr.String(), Role: role})
}

func (s *RBACSuite) TestGrantAndRevokeDecideWhoMaySend() {
	carol := s.newFundedAccount("carol")
	send := banktypes.NewMsgSend(carol, s.admin().Address, sdk.NewCoins(sdk.NewInt64Coin(params.BondDenom, 1)))

	log := s.checkTxRefused("carol", send)
	s.Contains(log, carol.String(), "the error names the signer")
	s.Contains(log, "/cosmos.bank.v1beta1.MsgSend", "the error names the Msg")
	s.Contains(log, "CONSUMER", "the error names roles that would allow it")

	s.grant(carol, rbactypes.Role_CONSUMER)
	s.deliverOK("carol", send)

	s.revoke(carol, rbactypes.Role_CONSUMER)
	s.checkTxRefused("carol", send)
}

func (s *RBACSuite) TestOnlyOperatorsCreateValidators() {
	dave := s.newFundedAccount("dave")
	s.grant(dave, rbactypes.Role_PROSUMER)
	consKey, err := mldsa65.GenPrivKey()
	s.Require().NoError(err)
	msg, err := stakingtypes.NewMsgCreateValidator(sdk.ValAddress(dave).String(), consKey.PubKey(),
		sdk.NewInt64Coin(params.BondDenom, 1_000_000_000), stakingtypes.NewDescription("dave", "", "", "", ""),
		stakingtypes.NewCommissionRates(sdkmath.LegacyNewDecWithPrec(1, 1), sdkmath.LegacyOneDec(), sdkmath.LegacyNewDecWithPrec(1, 2)),
		sdkmath.OneInt())
	s.Require().NoError(err)

	log := s.checkTxRefused("dave", msg)
	s.Contains(log, "OPERATOR")
}

// TestRevokingOperatorJailsTheValidator runs last (alphabetical order puts it
// after the others): it takes one of the four validators out.
func (s *RBACSuite) TestRevokingOperatorJailsTheValidator() {
	val3 := s.net.Validators[3]
	s.revoke(val3.Address, rbactypes.Role_OPERATOR)

	staking := stakingtypes.NewQueryClient(s.admin().ClientCtx)
	var validator stakingtypes.Validator
	s.Require().Eventually(func() bool {
		res, err := staking.Validator(context.Background(), &stakingtypes.QueryValidatorRequest{ValidatorAddr: val3.ValAddress.String()})
		s.Require().NoError(err)
		validator = res.Validator
		return validator.Jailed
	}, 20*time.Second, 500*time.Millisecond, "validator 3 is jailed at the end of the revoking block")
	s.NotEqual(stakingtypes.Bonded, validator.Status, "a jailed validator leaves the active set")

	// The other three hold 3/4 of the power and keep producing blocks.
	height, err := s.net.LatestHeight()
	s.Require().NoError(err)
	_, err = s.net.WaitForHeightWithTimeout(height+3, 30*time.Second)
	s.Require().NoError(err)

	// Without the role again, the operator cannot unjail. Its key is added to
	// validator 0's keyring, whose node serves the RPC the tests use.
	_, err = s.admin().ClientCtx.Keyring.NewAccount(val3.Moniker, s.net.Config.Mnemonics[3], "", sdk.FullFundraiserPath, hd.MlDsa65)
	s.Require().NoError(err)
	log := s.checkTxRefused(val3.Moniker, &slashingtypes.MsgUnjail{ValidatorAddr: val3.ValAddress.String()})
	s.Contains(log, "/cosmos.slashing.v1beta1.MsgUnjail")
}
