package wire

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseTTL reads an ISO 8601 duration as context.ttl carries it: "PT30S",
// "PT1M30S", "PT0.5S", "P1DT2H", "P1W". Weeks and days count as 7 and 1
// times 24 hours. Years and months are refused: their length depends on
// the calendar, so no receiver could agree on when a message expires.
// Fractions are taken on seconds only, to at most 9 digits.
func ParseTTL(s string) (time.Duration, error) {
	rest, ok := strings.CutPrefix(s, "P")
	if !ok {
		return 0, errors.New("an ISO 8601 duration starts with P, as in PT30S")
	}
	if rest == "" || rest == "T" {
		return 0, errors.New("an ISO 8601 duration needs at least one component, as in PT30S")
	}
	var total time.Duration
	inTime := false
	last := ""
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return 0, errors.New("the time designator T appears twice")
			}
			inTime, rest = true, rest[1:]
			if rest == "" {
				return 0, errors.New("the time designator T must be followed by hours, minutes or seconds")
			}
			continue
		}
		n := 0
		for n < len(rest) && (rest[n] >= '0' && rest[n] <= '9' || rest[n] == '.' || rest[n] == ',') {
			n++
		}
		if n == 0 || n == len(rest) {
			return 0, errors.New("each component is a number followed by its unit, as in 30S")
		}
		number, unit := rest[:n], rest[n]
		rest = rest[n+1:]
		scale, err := ttlUnit(unit, inTime)
		if err != nil {
			return 0, err
		}
		if !unitAfter(last, unit, inTime) {
			return 0, errors.New("components must come once each, in the order W D T H M S")
		}
		last = unitKey(unit, inTime)
		d, err := scaled(number, scale, unit == 'S' && inTime)
		if err != nil {
			return 0, err
		}
		if d > math.MaxInt64-total {
			return 0, errors.New("the duration is too long")
		}
		total += d
	}
	return total, nil
}

// ttlUnit is the length of one unit of a duration component.
func ttlUnit(unit byte, inTime bool) (time.Duration, error) {
	switch {
	case !inTime && unit == 'W':
		return 7 * 24 * time.Hour, nil
	case !inTime && unit == 'D':
		return 24 * time.Hour, nil
	case !inTime && (unit == 'Y' || unit == 'M'):
		return 0, errors.New("years and months have no fixed length: give the ttl in weeks, days, hours, minutes or seconds")
	case inTime && unit == 'H':
		return time.Hour, nil
	case inTime && unit == 'M':
		return time.Minute, nil
	case inTime && unit == 'S':
		return time.Second, nil
	}
	return 0, errors.New("unknown unit " + strconv.QuoteRune(rune(unit)) + " (W, D, then after T: H, M, S)")
}

// unitOrder ranks the units so that each comes at most once, largest first.
var unitOrder = map[string]int{"": 0, "W": 1, "D": 2, "TH": 3, "TM": 4, "TS": 5}

func unitKey(unit byte, inTime bool) string {
	if inTime {
		return "T" + string(unit)
	}
	return string(unit)
}

func unitAfter(last string, unit byte, inTime bool) bool {
	return unitOrder[unitKey(unit, inTime)] > unitOrder[last]
}

// scaled is number (digits, with a fraction only where allowed) times scale.
func scaled(number string, scale time.Duration, fractionAllowed bool) (time.Duration, error) {
	whole, frac, hasFrac := strings.Cut(strings.Replace(number, ",", ".", 1), ".")
	if whole == "" || strings.ContainsAny(frac, ".,") || hasFrac && frac == "" {
		return 0, errors.New("invalid number " + strconv.Quote(number))
	}
	if hasFrac && !fractionAllowed {
		return 0, errors.New("only seconds may have a fraction")
	}
	if len(frac) > 9 {
		return 0, errors.New("seconds have at most 9 fraction digits")
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > math.MaxInt64/int64(scale) {
		return 0, errors.New("the duration is too long")
	}
	d := time.Duration(w) * scale
	if frac != "" {
		ns, _ := strconv.ParseInt(frac+strings.Repeat("0", 9-len(frac)), 10, 64)
		if time.Duration(ns) > math.MaxInt64-d {
			return 0, errors.New("the duration is too long")
		}
		d += time.Duration(ns)
	}
	return d, nil
}

// FormatTTL writes d as an ISO 8601 duration in hours, minutes and
// seconds ("PT30S", "PT1H30M", "PT0.25S"); ParseTTL reads it back exactly.
// A negative d is written as zero.
func FormatTTL(d time.Duration) string {
	if d <= 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteString("PT")
	if h := d / time.Hour; h > 0 {
		b.WriteString(strconv.FormatInt(int64(h), 10) + "H")
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		b.WriteString(strconv.FormatInt(int64(m), 10) + "M")
		d -= m * time.Minute
	}
	if d > 0 {
		s, ns := d/time.Second, d%time.Second
		b.WriteString(strconv.FormatInt(int64(s), 10))
		if ns > 0 {
			frac := strconv.FormatInt(int64(ns)+1e9, 10)[1:]
			b.WriteString("." + strings.TrimRight(frac, "0"))
		}
		b.WriteString("S")
	}
	return b.String()
}
