// Package wire holds the Beckn wire format the relay speaks: the two
// dialects (core v1.1.x and v2.0.0 LTS), a dialect-independent Context,
// the validation of inbound bodies with NACKs that name the offending JSON
// path, the ACK/NACK bodies and HTTP statuses of each version, and the
// building of outbound bodies and contexts.
//
// It imports nothing of the chain and does no cryptography beyond the
// BLAKE2b digests of package beckn that the v2 counter-signature names;
// signing and verifying is relay/auth's work. See README.md.
package wire
