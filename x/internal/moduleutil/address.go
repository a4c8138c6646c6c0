package moduleutil

import (
	"fmt"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

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

// ParseAddress decodes the account address in a Msg's field, in canonical
// form, and wraps a failure in the module's own invalid-address error naming
// the field, so the user sees which address was wrong and how to write it.
func ParseAddress(ac address.Codec, errInvalid *errorsmod.Error, field, addr string) (sdk.AccAddress, error) {
	bz, err := ParseCanonicalAddress(ac, addr)
	if err != nil {
		return nil, errInvalid.Wrapf("%s %q: %v", field, addr, err)
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
