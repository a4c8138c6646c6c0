package types

import (
	"fmt"
	"regexp"

	sdk "github.com/cosmos/cosmos-sdk/types"

	assetstypes "github.com/powershare/powershare/x/assets/types"
)

var (
	// classIDPattern is ADR-043's class and token id syntax.
	classIDPattern       = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9/:-]{2,100}$`)
	achievementIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{2,63}$`)
)

// Text bounds, in bytes.
const (
	maxNameLen        = 64
	maxSymbolLen      = 16
	maxDescriptionLen = 512
	maxURILen         = 256
)

// ValidateClassID checks an ADR-043 class or token id.
func ValidateClassID(id string) error {
	if !classIDPattern.MatchString(id) {
		return ErrInvalidClass.Wrapf("id %q: a letter, then 2 to 100 letters, digits, '/', ':' or '-'", id)
	}
	return nil
}

func checkText(err interface{ Wrapf(string, ...any) error }, field, s string, maxLen int, required bool) error {
	if required && s == "" {
		return err.Wrapf("%s is required", field)
	}
	if len(s) > maxLen {
		return err.Wrapf("%s is longer than %d bytes", field, maxLen)
	}
	return nil
}

// Validate checks a class's fields.
func (c Class) Validate() error {
	if err := ValidateClassID(c.Id); err != nil {
		return err
	}
	for _, f := range []struct {
		name, value string
		max         int
		required    bool
	}{
		{"name", c.Name, maxNameLen, true}, {"symbol", c.Symbol, maxSymbolLen, false},
		{"description", c.Description, maxDescriptionLen, false}, {"uri", c.Uri, maxURILen, false},
		{"uri_hash", c.UriHash, maxURILen, false},
	} {
		if err := checkText(ErrInvalidClass, f.name, f.value, f.max, f.required); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks a definition's fields; rewardDenom is the PowerCoin denom
// a non-community reward must be in.
func (a Achievement) Validate(rewardDenom string) error {
	if !achievementIDPattern.MatchString(a.Id) {
		return ErrInvalidAchievement.Wrapf("id %q: 3 to 64 lower-case letters, digits and '-'", a.Id)
	}
	if err := checkText(ErrInvalidAchievement, "name", a.Name, maxNameLen, true); err != nil {
		return err
	}
	if err := checkText(ErrInvalidAchievement, "description", a.Description, maxDescriptionLen, false); err != nil {
		return err
	}
	if err := ValidateClassID(a.ClassId); err != nil {
		return ErrInvalidAchievement.Wrapf("class_id: %v", err)
	}
	if !a.Metric.Valid() {
		return ErrInvalidAchievement.Wrapf("metric %v is not one of the metrics (see 'q achievements definitions')", a.Metric)
	}
	if a.Threshold == 0 {
		return ErrInvalidAchievement.Wrap("threshold must be at least 1")
	}
	if a.Metric == Metric_METRIC_EFFICIENCY_BPS && a.Threshold > BpsDenominator {
		return ErrInvalidAchievement.Wrap("an efficiency threshold is at most 10000 bps")
	}
	return ValidateReward(a.Reward, a.Community, rewardDenom)
}

// ValidateReward checks a reward: zero (none), PowerCoin in rewardDenom,
// or the Community Token of the achievement's community.
func ValidateReward(c sdk.Coin, community uint64, rewardDenom string) error {
	if c.Amount.IsNil() || (c.Denom == "" && c.Amount.IsZero()) {
		return nil
	}
	if err := c.Validate(); err != nil {
		return ErrInvalidAmount.Wrapf("reward: %v", err)
	}
	if c.Denom == rewardDenom {
		return nil
	}
	if _, isCT, _ := assetstypes.ParseCommunityTokenDenom(c.Denom); rewardDenom == "" && !isCT {
		return nil // genesis alone does not know the bond denom; InitGenesis checks it
	}
	if community != 0 && c.Denom == assetstypes.CommunityTokenDenom(community) {
		return nil
	}
	want := rewardDenom
	if community != 0 {
		want = fmt.Sprintf("%s or %s", rewardDenom, assetstypes.CommunityTokenDenom(community))
	}
	return ErrInvalidAmount.Wrapf("reward denom %q: pay in %s", c.Denom, want)
}

// HasReward reports whether c is a reward to pay.
func HasReward(c sdk.Coin) bool { return !c.Amount.IsNil() && c.Amount.IsPositive() }
