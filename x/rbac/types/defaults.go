package types

// DefaultPermissions is x/rbac's part of a new chain's permission table: one
// row per role with x/rbac's own Msgs. The app's default genesis replaces it
// with the table of every module (app.DefaultPermissions).
func DefaultPermissions() []RolePermissions {
	return PermissionTable(Permissions())
}

// DefaultParams returns the parameters of a new chain.
func DefaultParams() Params {
	return Params{
		OpenMsgTypeUrls:     OpenMsgs(),
		MaxGrantsPerAddress: 16,
		MaxExpiriesPerBlock: 100,
		// Seven years, the usual keeping period of financial and energy
		// market records; long enough for any audit a regulator opens.
		AuditRetentionSeconds:  DefaultAuditRetentionSeconds,
		MaxAuditPrunesPerBlock: 100,
	}
}

// DefaultAuditRetentionSeconds is seven years of 365 days.
const DefaultAuditRetentionSeconds = 7 * 365 * 24 * 3600

// MinAuditRetentionSeconds is the shortest retention the params accept (one
// year): a mistaken parameter change must not wipe the audit trail.
const MinAuditRetentionSeconds = 365 * 24 * 3600

// Validate checks the parameters.
func (p Params) Validate() error {
	if err := ValidateTypeURLs(p.OpenMsgTypeUrls); err != nil {
		return ErrInvalidParams.Wrapf("open msgs: %v", err)
	}
	if p.MaxGrantsPerAddress == 0 || p.MaxGrantsPerAddress > 256 {
		return ErrInvalidParams.Wrapf("max_grants_per_address must be 1..256, got %d", p.MaxGrantsPerAddress)
	}
	if p.MaxExpiriesPerBlock == 0 || p.MaxExpiriesPerBlock > 10_000 {
		return ErrInvalidParams.Wrapf("max_expiries_per_block must be 1..10000, got %d", p.MaxExpiriesPerBlock)
	}
	if p.AuditRetentionSeconds != 0 && p.AuditRetentionSeconds < MinAuditRetentionSeconds {
		return ErrInvalidParams.Wrapf("audit_retention_seconds must be 0 (keep forever) or at least %d (one year), got %d",
			MinAuditRetentionSeconds, p.AuditRetentionSeconds)
	}
	if p.MaxAuditPrunesPerBlock == 0 || p.MaxAuditPrunesPerBlock > 10_000 {
		return ErrInvalidParams.Wrapf("max_audit_prunes_per_block must be 1..10000, got %d", p.MaxAuditPrunesPerBlock)
	}
	return nil
}

// MaxPermissionsPerRole bounds a permission-table row.
const MaxPermissionsPerRole = 256

// ValidateTypeURLs checks that every entry looks like a Msg type URL and
// appears once.
func ValidateTypeURLs(urls []string) error {
	if len(urls) > MaxPermissionsPerRole {
		return ErrInvalidPermissions.Wrapf("%d type URLs, at most %d", len(urls), MaxPermissionsPerRole)
	}
	seen := make(map[string]struct{}, len(urls))
	for _, url := range urls {
		if len(url) < 2 || url[0] != '/' || len(url) > 256 {
			return ErrInvalidPermissions.Wrapf("%q is not a Msg type URL such as /cosmos.bank.v1beta1.MsgSend", url)
		}
		if _, dup := seen[url]; dup {
			return ErrInvalidPermissions.Wrapf("%s listed twice", url)
		}
		seen[url] = struct{}{}
	}
	return nil
}
