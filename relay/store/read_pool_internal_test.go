package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// BenchmarkReadWhileWriting measures why reads have their own pool: a
// reader asking for one transaction's messages while a writer accepts
// messages in a loop, reading through the read pool or, as a single-pool
// design would, through the write connection (queueing behind writes).
func BenchmarkReadWhileWriting(b *testing.B) {
	for _, bc := range []struct {
		name string
		pick func(*Store) *sql.DB
	}{
		{name: "read-pool", pick: func(s *Store) *sql.DB { return s.r }},
		{name: "write-connection", pick: func(s *Store) *sql.DB { return s.w }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx, cancel := context.WithCancel(context.Background())
			s, err := Open(ctx, filepath.Join(b.TempDir(), "relay.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			t0 := time.Unix(1_750_000_000, 0)
			body := make([]byte, 2048)
			var wg sync.WaitGroup
			wg.Go(func() {
				for i := 0; ctx.Err() == nil; i++ {
					m := Message{Action: "confirm", TransactionID: "txn-" + strconv.Itoa(i%100), MessageID: strconv.Itoa(i),
						SenderID: "bap.example", Body: body, At: t0}
					if err := s.AcceptInbound(ctx, m, t0.Add(time.Minute), nil); err != nil && ctx.Err() == nil {
						b.Error(err)
						return
					}
				}
			})
			db := bc.pick(s)
			b.ResetTimer()
			for b.Loop() {
				var n int
				if err := db.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE transaction_id = ?`, "txn-7").Scan(&n); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			cancel()
			wg.Wait()
		})
	}
}
