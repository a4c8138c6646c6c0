package moduleutil

import (
	"fmt"

	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ParseCanonicalAddress decodes a bech32 account address and insists on its
// canonical (lower-case) form, so that addresses stored as strings compare
// as the accounts do.
func ParseCanonicalAddress(ac address.Codec, addr string) (sdk.AccAddress, error) {
	bz, err := ac.StringToBytes(addr)
	if err != nil {
		return nil, err
	}
	canonical, err := ac.BytesToString(bz)
	if err != nil {
		return nil, err
	}
	if canonical != addr {
		return nil, fmt.Errorf("write it as %s", canonical)
	}
	return bz, nil
}

// MustAuthority decodes a module's governance account at keeper
// construction: a node with a wrong authority must not start.
func MustAuthority(ac address.Codec, module, authority string) sdk.AccAddress {
	bz, err := ac.StringToBytes(authority)
	if err != nil {
		panic(fmt.Errorf("%s authority %q: %w", module, authority, err))
	}
	return bz
}
