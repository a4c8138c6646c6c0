// Package testutil holds gomock mocks of x/market's expected keepers, for
// keeper tests that need another module's answers but not its state.
package testutil

//go:generate mockgen -source=../types/expected_keepers.go -package testutil -destination expected_keepers_mocks.go
