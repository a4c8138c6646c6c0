package keeper

import "time"

func timeSeconds(s uint64) time.Duration { return time.Duration(s) * time.Second }

func unixTime(s int64) time.Time { return time.Unix(s, 0).UTC() }
