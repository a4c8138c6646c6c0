// Package testutil holds gomock mocks of x/rbac's expected keepers, for the
// keeper tests that need no real staking state.
package testutil

//go:generate mockgen -source=../types/expected_keepers.go -package testutil -destination expected_keepers_mocks.go
