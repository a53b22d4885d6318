package validator

import (
	"hash/maphash"

	"github.com/getkin/kin-openapi/openapi3"

	"authmock/memo"
)

// Bounds of the verdict memo: how many verdicts it keeps, and the longest body it keeps one for.
const (
	DefaultVerdicts = 256
	maxVerdictBody  = 16 << 10
)

// verdicts remembers what decoding and visiting a JSON body with a schema gave, so that a body seen
// before is not validated again: a mock answers a user's profile with the same bytes on every call,
// a client polls the same endpoint, a recording repeats its responses. The verdict is a function of
// the schema, the validator's options and the bytes alone, so it is the same on every visit; only
// bodies that differ are decoded and visited. The memo is bounded in entries and in the body length
// it keeps, and each entry holds its body, so that a hash collision is a miss, never a wrong verdict.
type verdicts struct {
	seed maphash.Seed
	m    *memo.Map[verdictKey, verdict]
}

type verdictKey struct {
	schema *openapi3.Schema
	sum    uint64
}

// verdict is the outcome for one body: decodeErr when it is not JSON, otherwise schemaErr, the
// schema visit's error or nil. kin-openapi's errors are not changed after they are returned, so one
// verdict serves concurrent callers.
type verdict struct {
	body                 string
	decodeErr, schemaErr error
}

func newVerdicts(limit int) *verdicts {
	if limit <= 0 {
		return nil
	}
	return &verdicts{seed: maphash.MakeSeed(), m: memo.New[verdictKey, verdict](limit)}
}

// check returns the verdict for body and schema: remembered, or computed by visit and remembered.
func (vs *verdicts) check(schema *openapi3.Schema, body []byte, visit func() verdict) verdict {
	if vs == nil || len(body) > maxVerdictBody {
		return visit()
	}
	key := verdictKey{schema: schema, sum: maphash.Bytes(vs.seed, body)}
	if got, ok := vs.m.Get(key); ok && got.body == string(body) {
		return got
	}
	got := visit()
	got.body = string(body)
	vs.m.Put(key, got)
	return got
}

// len is how many verdicts are held.
func (vs *verdicts) len() int {
	if vs == nil {
		return 0
	}
	return vs.m.Len()
}
