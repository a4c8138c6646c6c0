package chain

import (
	"fmt"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/config"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
)

// SubscribeMsg is the MsgSubscribe that registers (or changes) the relay's
// own participant: the subscriber of its configuration with the public keys
// of its key file, owned by the relay account that signs it. The key stays
// valid from the block time for the chain's default validity.
func SubscribeMsg(relay string, s config.Subscriber, kf beckn.KeyFile) (*beckntypes.MsgSubscribe, error) {
	typ, err := beckntypes.ParseSubscriberType(string(s.Type))
	if err != nil {
		return nil, fmt.Errorf("subscriber.type: %w", err)
	}
	pub := kf.Public()
	return &beckntypes.MsgSubscribe{
		Relay:            relay,
		SubscriberId:     s.ID,
		Url:              s.URL,
		Type:             typ,
		Domain:           s.Domain,
		Country:          s.Country,
		City:             s.City,
		KeyId:            pub.KeyID,
		SigningPublicKey: pub.SigningPublicKey,
		EncrPublicKey:    pub.EncrPublicKey,
		MldsaPublicKey:   pub.MLDSAPublicKey,
	}, nil
}
