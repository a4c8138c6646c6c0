package keeper

import "time"

// MarketKeyOf exposes marketKey to the tests.
func MarketKeyOf(zone string, slot time.Time) MarketKey { return marketKey(zone, slot) }
