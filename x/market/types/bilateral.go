package types

import "time"

// BilateralTrade is a trade two parties agreed outside the order book, such
// as a confirmed Beckn order. It opens a Trade with the same escrow,
// collateral and delivery settlement as a fill of the book.
type BilateralTrade struct {
	// Buyer and Seller are bech32 account addresses.
	Buyer, Seller string
	// MeterID is the seller's meter in Zone.
	MeterID, Zone string
	// SlotStart and SlotEnd are the delivery window: exactly one slot.
	SlotStart, SlotEnd time.Time
	// QuantityWh is the energy; Price is in upwc per kWh, on the tick.
	QuantityWh, Price uint64
	// Renewable makes the seller escrow the Energy Credits of the quantity.
	Renewable bool
	// ExternalRef says where the trade was agreed, e.g. "beckn:<order id>".
	ExternalRef string
}
