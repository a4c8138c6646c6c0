package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/market/types"
)

// TestRegisterZone: finding 6 of issue 11. Zones are registered by an ADMIN
// or a grid operator, one scoped to a community only for that community;
// a refused registration changes nothing.
func TestRegisterZone(t *testing.T) {
	cases := []struct {
		name      string
		signer    func(f *fixture) string
		zone      string
		community uint64
		desc      string
		wantErr   error
	}{
		{"an admin registers a zone of no community", func(f *fixture) string { return f.admin }, "zone-c", 0, "", nil},
		{"a chain-wide grid operator registers a zone of a community", func(f *fixture) string { return f.gridop }, "zone-c", 1, "feeder 3", nil},
		{"a community's grid operator registers a zone of its community", func(f *fixture) string { return f.commop }, "zone-c", 1, "", nil},
		{"a community's grid operator cannot register for another community", func(f *fixture) string { return f.commop }, "zone-c", 2, "", types.ErrUnauthorized},
		{"a community's grid operator cannot register a zone of no community", func(f *fixture) string { return f.commop }, "zone-c", 0, "", types.ErrUnauthorized},
		{"a prosumer cannot register", func(f *fixture) string { return f.alice }, "zone-c", 1, "", types.ErrUnauthorized},
		{"unknown community", func(f *fixture) string { return f.admin }, "zone-c", 9, "", types.ErrInvalidZone},
		{"invalid zone name", func(f *fixture) string { return f.admin }, "zone c", 0, "", types.ErrInvalidZone},
		{"description too long", func(f *fixture) string { return f.admin }, "zone-c", 0, string(make([]byte, 257)), types.ErrInvalidZone},
		{"already registered", func(f *fixture) string { return f.admin }, zone, 0, "", types.ErrInvalidZone},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			before, err := f.k.Zones.Get(f.ctx, tc.zone)
			existed := err == nil
			_, err = f.msg.RegisterZone(f.ctx, &types.MsgRegisterZone{Signer: tc.signer(f), ZoneId: tc.zone, CommunityId: tc.community, Description: tc.desc})
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				after, err := f.k.Zones.Get(f.ctx, tc.zone)
				if existed {
					require.NoError(t, err)
					require.Equal(t, before, after, "a refused registration changes nothing")
				} else {
					require.Error(t, err, "a refused registration registers nothing")
				}
				return
			}
			require.NoError(t, err)
			z, err := f.query.Zone(f.ctx, &types.QueryZoneRequest{Id: tc.zone})
			require.NoError(t, err)
			require.Equal(t, types.Zone{Id: tc.zone, CommunityId: tc.community, Description: tc.desc}, z.Zone)
			f.place(t, order{owner: f.bob, side: types.Side_BUY, wh: 1000, price: 100_000}) // zone-a still trades
		})
	}
}

// TestOrdersNeedARegisteredOpenZone: finding 6 of issue 11. An order or a
// bilateral trade in a zone nobody registered, or in a retired zone, is
// refused with an error that says how to register it, and moves nothing.
func TestOrdersNeedARegisteredOpenZone(t *testing.T) {
	f := setup(t)
	before := f.snapshot(t)
	msg := f.msgFor(f.buy(f.bob, 1000, 100_000))
	msg.Zone = "zone-x"
	_, err := f.msg.PlaceOrder(f.ctx, msg)
	require.ErrorIs(t, err, types.ErrUnknownZone)
	require.ErrorContains(t, err, "powershared tx market register-zone zone-x")
	_, err = f.k.OpenBilateralTrade(f.ctx, types.BilateralTrade{Buyer: f.bob, Seller: f.alice, Zone: "zone-x", SlotStart: slot,
		SlotEnd: slot.Add(types.DefaultParams().Slot()), MeterID: "alice-solar", QuantityWh: 1000, Price: 100_000})
	require.ErrorIs(t, err, types.ErrUnknownZone)

	// A community's grid operator cannot retire another community's zone.
	_, err = f.msg.RetireZone(f.ctx, &types.MsgRetireZone{Signer: f.commop, ZoneId: "zone-b"})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	_, err = f.msg.RetireZone(f.ctx, &types.MsgRetireZone{Signer: f.commop, ZoneId: "zone-x"})
	require.ErrorIs(t, err, types.ErrUnknownZone)
	require.Equal(t, before, f.snapshot(t), "refused Msgs move nothing")

	// A resting order survives its zone's retirement; new ones are refused.
	resting := f.place(t, f.buy(f.dave, 1000, 100_000))
	before = f.snapshot(t)
	_, err = f.msg.RetireZone(f.ctx, &types.MsgRetireZone{Signer: f.commop, ZoneId: zone})
	require.NoError(t, err)
	_, err = f.msg.RetireZone(f.ctx, &types.MsgRetireZone{Signer: f.commop, ZoneId: zone})
	require.ErrorIs(t, err, types.ErrZoneRetired)
	_, err = f.msg.PlaceOrder(f.ctx, f.msgFor(f.buy(f.bob, 1000, 100_000)))
	require.ErrorIs(t, err, types.ErrZoneRetired)
	require.Equal(t, before, f.snapshot(t), "refused orders move nothing")
	_, err = f.k.GetOrder(f.ctx, resting.OrderId)
	require.NoError(t, err)

	// Registered again, it trades again.
	_, err = f.msg.RegisterZone(f.ctx, &types.MsgRegisterZone{Signer: f.gridop, ZoneId: zone, CommunityId: 1})
	require.NoError(t, err)
	f.place(t, f.buy(f.bob, 1000, 100_000))
	zones, err := f.query.Zones(f.ctx, &types.QueryZonesRequest{})
	require.NoError(t, err)
	require.Len(t, zones.Zones, 2)
}

// TestGenesisZones: finding 6 of issue 11. Zones survive export and import,
// and a genesis order or trade in an unregistered zone is refused.
func TestGenesisZones(t *testing.T) {
	f := setup(t)
	f.place(t, f.buy(f.bob, 1000, 100_000))
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Len(t, gs.Zones, 2)
	require.NoError(t, gs.Validate(f.ac))
	gs.Zones = gs.Zones[1:] // drop zone-a
	require.ErrorIs(t, gs.Validate(f.ac), types.ErrInvalidGenesis)
	gs.Zones = append(gs.Zones, gs.Zones[0])
	require.ErrorIs(t, gs.Validate(f.ac), types.ErrInvalidGenesis, "a zone twice")
}
