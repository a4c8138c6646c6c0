package chain

import (
	"context"
	"errors"
	"fmt"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
)

// Wait polls the node until the tx with hash is in a block, for at most
// the inclusion timeout, and returns its result; a tx that failed in the
// block is a *TxError with that result.
func (c *TxClient) Wait(ctx context.Context, hash string) (TxResult, error) {
	wctx, cancel := context.WithTimeout(ctx, c.opts.InclusionTimeout)
	defer cancel()
	ticker := time.NewTicker(c.opts.InclusionPoll)
	defer ticker.Stop()
	var lastErr error
	for {
		res, err := c.getTx(wctx, hash)
		switch {
		case err == nil:
			return res, nil
		case status.Code(err) != codes.NotFound:
			var txErr *TxError
			if errors.As(err, &txErr) {
				return res, err
			}
			if wctx.Err() == nil { // not just the wait running out
				lastErr = err
			}
		}
		select {
		case <-wctx.Done():
			if ctx.Err() != nil {
				return TxResult{Hash: hash}, fmt.Errorf("waiting for tx %s: %w", hash, ctx.Err())
			}
			// The tx may have been dropped from the mempool: the next
			// Broadcast reads the sequence again rather than trust ours.
			c.forgetAccount()
			err := fmt.Errorf("%w: %s after %s; look it up later with 'powershared q tx %s' before sending its Msgs again",
				ErrNotIncluded, hash, c.opts.InclusionTimeout, hash)
			if lastErr != nil {
				err = fmt.Errorf("%w (last error from the node: %w)", err, lastErr)
			}
			return TxResult{Hash: hash}, err
		case <-ticker.C:
		}
	}
}

func (c *TxClient) getTx(ctx context.Context, hash string) (TxResult, error) {
	rctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	res, err := c.tx.GetTx(rctx, &txtypes.GetTxRequest{Hash: hash})
	if err != nil {
		return TxResult{}, err
	}
	r := res.GetTxResponse()
	if r == nil {
		return TxResult{}, fmt.Errorf("tx %s: the node answered without a result", hash)
	}
	result := TxResult{Hash: r.TxHash, Height: r.Height, Code: r.Code, Codespace: r.Codespace, Log: r.RawLog,
		GasWanted: r.GasWanted, GasUsed: r.GasUsed, Events: r.Events}
	if r.Code != 0 {
		return result, &TxError{Stage: StageDeliver, Result: result}
	}
	if result.MsgResponses, err = msgResponses(r.Data); err != nil {
		return result, fmt.Errorf("tx %s: reading its Msg responses: %w", hash, err)
	}
	return result, nil
}

func (c *TxClient) forgetAccount() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.accKnown = false
}
