package types

import (
	"encoding/hex"
	"strings"
)

// ValidateJurisdiction checks an ISO 3166-2 code: a 2-letter country,
// optionally followed by '-' and a 1 to 3 character subdivision ("DE", "IN-KA").
func ValidateJurisdiction(code string) error {
	country, sub, hasSub := strings.Cut(code, "-")
	if len(country) != 2 || !isUpperAlpha(country) {
		return ErrInvalidJurisdiction.Wrapf("%q is not ISO 3166-2 (e.g. DE or IN-KA)", code)
	}
	if hasSub && (len(sub) == 0 || len(sub) > 3 || !isUpperAlnum(sub)) {
		return ErrInvalidJurisdiction.Wrapf("%q: subdivision must be 1 to 3 upper-case letters or digits", code)
	}
	return nil
}

func isUpperAlpha(s string) bool {
	for _, c := range s {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

func isUpperAlnum(s string) bool {
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// ValidateBatchFields checks what a batch is created with.
func ValidateBatchFields(msg *MsgCreateBatch) error {
	if l := len(msg.ProjectId); l == 0 || l > 64 {
		return ErrInvalidBatch.Wrap("project_id must be 1 to 64 characters")
	}
	if l := len(msg.Methodology); l == 0 || l > 128 {
		return ErrInvalidBatch.Wrap("methodology must be 1 to 128 characters")
	}
	if !msg.VintageEnd.After(msg.VintageStart) {
		return ErrInvalidBatch.Wrap("vintage_end must be after vintage_start")
	}
	if err := ValidateJurisdiction(msg.Jurisdiction); err != nil {
		return err
	}
	if len(msg.MetadataUri) > 256 {
		return ErrInvalidBatch.Wrap("metadata_uri is longer than 256 characters")
	}
	if msg.MetadataHash != "" {
		if bz, err := hex.DecodeString(msg.MetadataHash); err != nil || len(bz) != 32 {
			return ErrInvalidBatch.Wrap("metadata_hash must be a hex SHA-256 (64 hex characters)")
		}
	}
	return nil
}
