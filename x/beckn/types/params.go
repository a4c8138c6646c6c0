package types

// Bounds of the parameters.
const (
	maxKeyValiditySeconds = 10 * 365 * 24 * 3600
	maxAnchorsPerTxBound  = 1_000
	// maxSignatureAgeBound: a day; beyond it a leaked signed body could be
	// replayed long after the BPP meant it.
	maxSignatureAgeBound = 24 * 3600
	// maxPendingSecondsBound: 90 days of waiting for a registrar.
	maxPendingSecondsBound = 90 * 24 * 3600
	maxPendingBound        = 1_000
	// minOrderRetention: a pruned order is gone from every query, so it is
	// kept at least a year (what parties and auditors look back on).
	minOrderRetention      = 365 * 24 * 3600
	maxPrunesPerBlockBound = 10_000
	// maxBodyBytesBound keeps a batch of anchors within a block: 200
	// anchors of 16 KiB are 3.2 MiB of transaction.
	maxBodyBytesBound = 256 * 1024
)

// DefaultParams returns the parameters of a new chain.
func DefaultParams() Params {
	return Params{
		DefaultKeyValiditySeconds:  365 * 24 * 3600,
		MaxKeyValiditySeconds:      2 * 365 * 24 * 3600,
		MaxAnchorsPerTx:            200,
		MaxSignatureAgeSeconds:     300,
		PendingSubscriptionSeconds: 7 * 24 * 3600,
		MaxPendingSubscriptions:    10,
		OrderRetentionSeconds:      2 * 365 * 24 * 3600,
		MaxPrunesPerBlock:          100,
		MaxBodyBytes:               16 * 1024,
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
	if p.MaxSignatureAgeSeconds == 0 || p.MaxSignatureAgeSeconds > maxSignatureAgeBound {
		return ErrInvalidParams.Wrapf("max_signature_age_seconds must be 1..%d, got %d", maxSignatureAgeBound, p.MaxSignatureAgeSeconds)
	}
	if p.PendingSubscriptionSeconds == 0 || p.PendingSubscriptionSeconds > maxPendingSecondsBound {
		return ErrInvalidParams.Wrapf("pending_subscription_seconds must be 1..%d, got %d", maxPendingSecondsBound, p.PendingSubscriptionSeconds)
	}
	if p.MaxPendingSubscriptions == 0 || p.MaxPendingSubscriptions > maxPendingBound {
		return ErrInvalidParams.Wrapf("max_pending_subscriptions must be 1..%d, got %d", maxPendingBound, p.MaxPendingSubscriptions)
	}
	if p.OrderRetentionSeconds != 0 && (p.OrderRetentionSeconds < minOrderRetention || p.OrderRetentionSeconds > maxKeyValiditySeconds) {
		return ErrInvalidParams.Wrapf("order_retention_seconds must be 0 (keep forever) or %d..%d, got %d",
			minOrderRetention, maxKeyValiditySeconds, p.OrderRetentionSeconds)
	}
	if p.MaxPrunesPerBlock == 0 || p.MaxPrunesPerBlock > maxPrunesPerBlockBound {
		return ErrInvalidParams.Wrapf("max_prunes_per_block must be 1..%d, got %d", maxPrunesPerBlockBound, p.MaxPrunesPerBlock)
	}
	if p.MaxBodyBytes == 0 || p.MaxBodyBytes > maxBodyBytesBound {
		return ErrInvalidParams.Wrapf("max_body_bytes must be 1..%d, got %d", maxBodyBytesBound, p.MaxBodyBytes)
	}
	return nil
}
