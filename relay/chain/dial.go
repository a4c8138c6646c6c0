package chain

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/credentials/insecure"
)

const (
	// DefaultDialTimeout bounds Dial when ctx has no deadline.
	DefaultDialTimeout = 5 * time.Second
	// maxRecvMsgSize admits large answers (pages of ML-DSA-65 keys, blocks).
	maxRecvMsgSize = 64 << 20
)

// Dial connects to a node's gRPC server (HOST:PORT, plaintext, as a node on
// loopback or a private network serves it) and waits until the connection
// is ready, for at most ctx's deadline or DefaultDialTimeout. Every call on
// the connection then needs its own deadline; the relay's clients set one.
// The connection encodes with the chain's codec (gogoproto types and their
// interfaces), so the modules' generated query clients work on it.
func Dial(ctx context.Context, grpcAddr string) (*grpc.ClientConn, error) {
	enc, err := sharedEncoding()
	if err != nil {
		return nil, err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultDialTimeout)
		defer cancel()
	}
	conn, err := grpc.NewClient(grpcAddr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(
			grpc.ForceCodec(enc.Codec.GRPCCodec()),
			grpc.MaxCallRecvMsgSize(maxRecvMsgSize),
		),
	)
	if err != nil {
		return nil, fmt.Errorf("gRPC address %q: %w", grpcAddr, err)
	}
	conn.Connect()
	for {
		state := conn.GetState()
		if state == connectivity.Ready {
			return conn, nil
		}
		if !conn.WaitForStateChange(ctx, state) {
			_ = conn.Close() // the dial failed; its close error adds nothing
			return nil, fmt.Errorf("no gRPC server ready at %s (%s): is the node running ('make localnet') with gRPC enabled (app.toml [grpc] enable = true)? %w",
				grpcAddr, state, ctx.Err())
		}
	}
}
