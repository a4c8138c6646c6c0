package types

// Bounds of the parameters.
const (
	maxKeyValiditySeconds = 10 * 365 * 24 * 3600
	maxAnchorsPerTxBound  = 1_000
)

// DefaultParams returns the parameters of a new chain.
func DefaultParams() Params {
	return Params{
		DefaultKeyValiditySeconds: 365 * 24 * 3600,
		MaxKeyValiditySeconds:     2 * 365 * 24 * 3600,
		MaxAnchorsPerTx:           200,
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
	return nil
}
