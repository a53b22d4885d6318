package validator

import (
	"hash/maphash"

	"github.com/getkin/kin-openapi/openapi3"

	"authmock/memo"
)

// Bounds of the verdict memo: how many verdicts it keeps, the longest body it keeps one for, and
// how many bodies seen once it remembers the hash of.
const (
	DefaultVerdicts = 256
	maxVerdictBody  = 16 << 10
	seenFactor      = 4
)

// verdicts remembers the JSON bodies that passed a schema (or did not decode), so that a body seen
// before is not validated again: a mock answers a user's profile with the same bytes on every call,
// a client polls the same endpoint, a recording repeats its responses. The verdict is a function of
// the schema, the validator's options and the bytes alone, so it is the same on every visit; only
// bodies that differ are decoded and visited.
//
// The memo is bounded in entries and in the body length it keeps. Each entry holds its body, so
// that a hash collision is a miss, never a wrong verdict. A body is kept the second time it is seen
// (the first time only its hash is noted), so that bodies that never repeat, such as answers that
// carry a fresh token, cost no copy. Violations are not kept: kin-openapi's errors point into the
// decoded body, several times its size, and a body that breaks the contract is the rare case.
type verdicts struct {
	seed maphash.Seed
	m    *memo.Map[verdictKey, verdict]
	seen *memo.Map[verdictKey, struct{}]
}

type verdictKey struct {
	schema *openapi3.Schema
	sum    uint64
}

// verdict is the outcome for one body: decodeErr when it is not JSON, otherwise schemaErr, the
// schema visit's error or nil. Only verdicts with a nil schemaErr are kept.
type verdict struct {
	body                 string
	decodeErr, schemaErr error
}

func newVerdicts(limit int) *verdicts {
	if limit <= 0 {
		return nil
	}
	return &verdicts{
		seed: maphash.MakeSeed(),
		m:    memo.New[verdictKey, verdict](limit),
		seen: memo.New[verdictKey, struct{}](seenFactor * limit),
	}
}

// check returns the verdict for body and schema: remembered, or computed by visit (and remembered
// when it may be).
func (vs *verdicts) check(schema *openapi3.Schema, body []byte, visit func() verdict) verdict {
	if vs == nil || len(body) > maxVerdictBody {
		return visit()
	}
	key := verdictKey{schema: schema, sum: maphash.Bytes(vs.seed, body)}
	if got, ok := vs.m.Get(key); ok && got.body == string(body) {
		return got
	}
	got := visit()
	if got.schemaErr != nil {
		return got
	}
	if _, ok := vs.seen.Get(key); !ok {
		vs.seen.Put(key, struct{}{})
		return got
	}
	kept := got
	kept.body = string(body)
	vs.m.Put(key, kept)
	return got
}

// len is how many verdicts are held.
func (vs *verdicts) len() int {
	if vs == nil {
		return 0
	}
	return vs.m.Len()
}
