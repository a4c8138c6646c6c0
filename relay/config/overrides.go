package config

import (
	"errors"
	"fmt"
)

// Overrides are the settings the flags of 'powershare-relay start' may
// change; an empty field keeps the file's value.
type Overrides struct {
	Listen string // --listen: listen
	GRPC   string // --grpc: chain.grpc
	RPC    string // --rpc: chain.rpc
}

// Apply returns cfg with the overrides in place, validated; an error about
// an overridden setting names the flag that set it.
func (o Overrides) Apply(cfg Config) (Config, error) {
	flags := map[string]string{}
	set := func(dst *string, value, key, flag string) {
		if value != "" {
			*dst = value
			flags[key] = flag
		}
	}
	set(&cfg.Listen, o.Listen, "listen", "--listen")
	set(&cfg.Chain.GRPC, o.GRPC, "chain.grpc", "--grpc")
	set(&cfg.Chain.RPC, o.RPC, "chain.rpc", "--rpc")
	err := cfg.Validate()
	var list *Errors
	if errors.As(err, &list) {
		for _, e := range list.List {
			var fe *Error
			if errors.As(e, &fe) && flags[fe.Key] != "" {
				fe.Key = fmt.Sprintf("%s (%s)", flags[fe.Key], fe.Key)
			}
		}
	}
	if err != nil {
		return Config{}, err
	}
	return cfg, nil
}
