package keeper_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/beckn/types"
)

func TestUpdateParams(t *testing.T) {
	valid := types.DefaultParams()
	valid.MaxAnchorsPerTx = 50
	invalid := types.DefaultParams()
	invalid.DefaultKeyValiditySeconds = invalid.MaxKeyValiditySeconds + 1
	tests := []struct {
		name      string
		authority string
		params    types.Params
		err       error
	}{
		{"governance", "gov", valid, nil},
		{"an ADMIN is not governance", "admin", valid, types.ErrUnauthorized},
		{"a default validity above the maximum", "gov", invalid, types.ErrInvalidParams},
		{"no anchors per tx", "gov", types.Params{DefaultKeyValiditySeconds: 1, MaxKeyValiditySeconds: 1}, types.ErrInvalidParams},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			before := f.exported(t)

			_, err := deliver(f, func(ctx context.Context) (*types.MsgUpdateParamsResponse, error) {
				return f.msg.UpdateParams(ctx, &types.MsgUpdateParams{Authority: account(tc.authority), Params: tc.params})
			})

			require.ErrorIs(t, err, tc.err)
			res, qerr := f.query.Params(f.ctx, &types.QueryParamsRequest{})
			require.NoError(t, qerr)
			if tc.err != nil {
				require.Equal(t, before, f.exported(t))
				return
			}
			require.Equal(t, tc.params, res.Params)
			event := f.ctx.EventManager().Events()[len(f.ctx.EventManager().Events())-1]
			require.Equal(t, "powershare.beckn.v1.EventParamsUpdated", event.Type)
			authority, ok := event.GetAttribute("authority")
			require.True(t, ok)
			require.Equal(t, `"`+account(tc.authority)+`"`, authority.Value, "the event names who changed the params")
		})
	}
}

func TestRefusalsOnLeftParticipantsAndLongReasons(t *testing.T) {
	f := setup(t)
	f.network(t)
	_, err := deliver(f, func(ctx context.Context) (*types.MsgUnsubscribeResponse, error) {
		return f.msg.Unsubscribe(ctx, &types.MsgUnsubscribe{Relay: f.relay, SubscriberId: bppID})
	})
	require.NoError(t, err)

	require.ErrorIs(t, f.rotate(f.relay, "key-2", 2, nil), types.ErrInvalidStatus, "subscribe again first")
	require.ErrorIs(t, f.reject(f.admin, strings.Repeat("x", 257), false), types.ErrInvalidParticipant)
}

func TestQueriesRefuseEmptyRequests(t *testing.T) {
	f := setup(t)
	_, errLookup := f.query.Lookup(f.ctx, nil)
	_, errOrder := f.query.Order(f.ctx, nil)
	_, errVerify := f.query.VerifyOrder(f.ctx, nil)
	_, errHistory := f.query.OrderHistory(f.ctx, nil)
	_, errParticipant := f.query.Participant(f.ctx, nil)
	_, errUnknown := f.query.Participant(f.ctx, &types.QueryParticipantRequest{SubscriberId: bppID})

	for _, err := range []error{errLookup, errOrder, errVerify, errHistory, errParticipant} {
		require.ErrorContains(t, err, "InvalidArgument")
	}
	require.ErrorContains(t, errUnknown, "NotFound")
}

func TestLookupPagesThroughFilteredEntries(t *testing.T) {
	f := setup(t)
	f.network(t)
	f.subscribed(t, f.relay, "bpp3.powershare.example", types.SubscriberType_BPP)
	var ids []string
	var next []byte
	for {
		res, err := f.query.Lookup(f.ctx, &types.QueryLookupRequest{Type: types.SubscriberType_BPP, Pagination: &query.PageRequest{Key: next, Limit: 1}})
		require.NoError(t, err)
		for _, s := range res.Subscriptions {
			ids = append(ids, s.SubscriberId)
			require.Equal(t, "key-1", s.KeyId)
		}
		if next = res.Pagination.NextKey; next == nil {
			break
		}
	}

	require.Equal(t, []string{"bpp.powershare.example", "bpp3.powershare.example"}, ids)
}

func TestUpdateParamsNeedsACanonicalAuthority(t *testing.T) {
	f := setup(t)

	_, err := deliver(f, func(ctx context.Context) (*types.MsgUpdateParamsResponse, error) {
		return f.msg.UpdateParams(ctx, &types.MsgUpdateParams{Authority: strings.ToUpper(f.gov), Params: types.DefaultParams()})
	})

	require.ErrorIs(t, err, types.ErrInvalidAddress)
}
