package types

import (
	sdkmath "cosmossdk.io/math"
)

// Money is exact: prices are multiples of the tick, itself a multiple of
// 1,000 upwc/kWh, so a payment Wh x price / 1,000 is a whole number of upwc.
// The only rounding is the collateral share (floor), and the collateral of
// an order is always recomputed from its remaining quantity, so partial
// fills never accumulate rounding.

// Payment is the upwc for wh at price (upwc per kWh).
func Payment(wh, price uint64) sdkmath.Int {
	return sdkmath.NewIntFromUint64(wh).Mul(sdkmath.NewIntFromUint64(price)).QuoRaw(1000)
}

// Collateral is floor(Payment(wh, price) x bps / 10,000).
func Collateral(wh, price uint64, bps uint32) sdkmath.Int {
	return Payment(wh, price).MulRaw(int64(bps)).QuoRaw(10_000)
}

// EnergyCredits is the uec that certify wh of renewable energy (1,000 per Wh).
func EnergyCredits(wh uint64) sdkmath.Int {
	return sdkmath.NewIntFromUint64(wh).MulRaw(1_000)
}

// Penalty is the part of a trade's collateral the buyer receives for a
// shortfall: collateral x missing / traded, rounded down (the seller keeps
// the remainder of a unit).
func Penalty(collateral sdkmath.Int, traded, delivered uint64) sdkmath.Int {
	if traded == 0 || delivered >= traded {
		return sdkmath.ZeroInt()
	}
	return collateral.Mul(sdkmath.NewIntFromUint64(traded - delivered)).Quo(sdkmath.NewIntFromUint64(traded))
}
