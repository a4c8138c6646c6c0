package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/beckn/types"
)

func TestParseSubscriberTypeTakesTheCLIAndProtoNames(t *testing.T) {
	for name, want := range map[string]types.SubscriberType{
		"bap": types.SubscriberType_BAP, "bpp": types.SubscriberType_BPP, "bg": types.SubscriberType_BG,
		"BPP": types.SubscriberType_BPP, "Bg": types.SubscriberType_BG,
	} {
		got, err := types.ParseSubscriberType(name)
		require.NoError(t, err, name)
		require.Equal(t, want, got, name)
	}
	got, err := types.ParseSubscriberType(" bpp ")
	require.NoError(t, err, "surrounding spaces are trimmed")
	require.Equal(t, types.SubscriberType_BPP, got)
	for _, name := range []string{"", "bxp", "SUBSCRIBER_TYPE_UNSPECIFIED", "unspecified", "1"} {
		_, err := types.ParseSubscriberType(name)
		require.ErrorIs(t, err, types.ErrInvalidParticipant, name)
	}
}

func TestEnumValidation(t *testing.T) {
	require.NoError(t, types.SubscriberType_BG.Validate())
	require.ErrorIs(t, types.SubscriberType_SUBSCRIBER_TYPE_UNSPECIFIED.Validate(), types.ErrInvalidParticipant)
	require.ErrorIs(t, types.SubscriberType(4).Validate(), types.ErrInvalidParticipant)

	require.NoError(t, types.OrderState_CURTAILED.Validate())
	require.ErrorIs(t, types.OrderState_ORDER_STATE_UNSPECIFIED.Validate(), types.ErrInvalidState)
	require.ErrorIs(t, types.OrderState(6).Validate(), types.ErrInvalidState)

	require.True(t, types.SubscriptionStatus_SUBSCRIPTION_STATUS_UNSPECIFIED.IsKnown(), "no filter")
	require.True(t, types.SubscriptionStatus_INVALID_SSL.IsKnown())
	require.False(t, types.SubscriptionStatus(7).IsKnown())
}
