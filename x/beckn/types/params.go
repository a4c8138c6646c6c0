package types

// Bounds of the parameters.
const (
	maxKeyValiditySeconds = 10 * 365 * 24 * 3600
	maxAnchorsPerTxBound  = 1_000
	// maxBodyBytesBound keeps a batch of anchors within a block: 200
	// anchors of 16 KiB are 3.2 MiB of transaction.
	maxBodyBytesBound = 256 * 1024
)

// DefaultParams returns the parameters of a new chain.
func DefaultParams() Params {
	return Params{
		DefaultKeyValiditySeconds: 365 * 24 * 3600,
		MaxKeyValiditySeconds:     2 * 365 * 24 * 3600,
		MaxAnchorsPerTx:           200,
		MaxBodyBytes:              16 * 1024,
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if p.MaxKeyValiditySeconds == 0 || p.MaxKeyValiditySeconds > maxKeyValiditySeconds {
		return ErrInvalidParams.Wrapf("max_key_validity_seconds must be 1..%d, got %d", maxKeyValiditySeconds, p.MaxKeyValiditySeconds)
	}
	if p.DefaultKeyValiditySeconds == 0 || p.DefaultKeyValiditySeconds > p.MaxKeyValiditySeconds {
		return ErrInvalidParams.Wrapf("default_key_validity_seconds must be 1..max_key_validity_seconds (%d), got %d",
			p.MaxKeyValiditySeconds, p.DefaultKeyValiditySeconds)
	}
	if p.MaxAnchorsPerTx == 0 || p.MaxAnchorsPerTx > maxAnchorsPerTxBound {
		return ErrInvalidParams.Wrapf("max_anchors_per_tx must be 1..%d, got %d", maxAnchorsPerTxBound, p.MaxAnchorsPerTx)
	}
	if p.MaxBodyBytes == 0 || p.MaxBodyBytes > maxBodyBytesBound {
		return ErrInvalidParams.Wrapf("max_body_bytes must be 1..%d, got %d", maxBodyBytesBound, p.MaxBodyBytes)
	}
	return nil
}
