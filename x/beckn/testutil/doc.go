// Package testutil holds gomock mocks of x/beckn's expected keepers, for
// keeper tests that stand the other modules in.
package testutil

//go:generate mockgen -source=../types/expected_keepers.go -package testutil -destination expected_keepers_mocks.go
