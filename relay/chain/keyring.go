package chain

import (
	"errors"
	"fmt"
	"io"

	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
)

// OpenKeyring opens the SDK keyring that powershared uses: the same service
// name (the build's version.Name, as powershared's), backend and directory
// (the SDK's --keyring-dir: for the test backend its keys are in
// dir/keyring-test). in answers passphrase prompts of the file backend.
func OpenKeyring(backend, dir string, in io.Reader) (keyring.Keyring, error) {
	enc, err := sharedEncoding()
	if err != nil {
		return nil, err
	}
	kr, err := keyring.New(sdk.KeyringServiceName(), backend, dir, in, enc.Codec)
	if err != nil {
		return nil, fmt.Errorf("opening the %s keyring in %s: %w", backend, dir, err)
	}
	return kr, nil
}

// keyAddress looks a key up and returns its address.
func keyAddress(kr keyring.Keyring, name string) (sdk.AccAddress, *keyring.Record, error) {
	record, err := kr.Key(name)
	if err != nil {
		if errors.Is(err, sdkerrors.ErrKeyNotFound) {
			return nil, nil, fmt.Errorf("no key %q in the keyring (backend %s): list the keys with 'powershared keys list' and the same --keyring-backend and --keyring-dir", name, kr.Backend())
		}
		return nil, nil, fmt.Errorf("key %q: %w", name, err)
	}
	addr, err := record.GetAddress()
	if err != nil {
		return nil, nil, fmt.Errorf("key %q: %w", name, err)
	}
	return addr, record, nil
}
