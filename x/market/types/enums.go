package types

// IsKnown reports whether s is BUY or SELL.
func (s Side) IsKnown() bool { return s == Side_BUY || s == Side_SELL }

// IsKnown reports whether t is a time in force an order may carry; the
// unset value is not one (a placement reads it as GTC).
func (t TimeInForce) IsKnown() bool {
	return t == TimeInForce_GTC || t == TimeInForce_IOC || t == TimeInForce_POST_ONLY
}
