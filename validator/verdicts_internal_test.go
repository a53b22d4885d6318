package validator

import (
	"errors"
	"fmt"
	"hash/maphash"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestVerdictsMemo(t *testing.T) {
	schema := &openapi3.Schema{}
	visits := 0
	visit := func(v verdict) func() verdict {
		return func() verdict { visits++; return v }
	}
	pass := verdict{}
	vs := newVerdicts(4)
	bad := errors.New("bad")
	notJSON := errors.New("not JSON")

	// A passing body is visited the first two times (the first only notes its hash), then
	// remembered.
	for i, want := range []int{1, 2, 2, 2} {
		if got := vs.check(schema, []byte(`"a"`), visit(pass)); got.schemaErr != nil || got.decodeErr != nil || visits != want {
			t.Fatalf("check %d: %+v after %d visits, want %d", i, got, visits, want)
		}
	}
	if vs.check(&openapi3.Schema{}, []byte(`"a"`), visit(pass)); visits != 3 {
		t.Fatal("another schema shared the verdict")
	}

	// A decoding failure is remembered like a pass.
	before := visits
	for range 3 {
		if got := vs.check(schema, []byte(`{`), visit(verdict{decodeErr: notJSON})); got.decodeErr != notJSON {
			t.Fatalf("decode failure lost: %+v", got)
		}
	}
	if visits != before+2 {
		t.Fatalf("a decoding failure was visited %d times in 3 checks, want 2", visits-before)
	}

	// A violation is never kept: its errors hold the decoded body.
	before = visits
	for range 3 {
		if got := vs.check(schema, []byte(`"v"`), visit(verdict{schemaErr: bad})); got.schemaErr != bad {
			t.Fatalf("violation lost: %+v", got)
		}
	}
	if visits != before+3 {
		t.Fatal("a violation was remembered")
	}

	// An entry whose hash matches but whose body does not is a miss, never a wrong verdict.
	key := verdictKey{schema: schema, sum: maphash.Bytes(vs.seed, []byte(`"b"`))}
	vs.m.Put(key, verdict{body: `"c"`, decodeErr: notJSON})
	before = visits
	if got := vs.check(schema, []byte(`"b"`), visit(pass)); got.decodeErr != nil || visits != before+1 {
		t.Fatalf("a colliding entry gave its verdict: %+v after %d visits", got, visits-before)
	}

	for i := range 20 {
		for range 2 {
			vs.check(schema, fmt.Appendf(nil, "%d", i), visit(pass))
		}
		if vs.len() > 4 || vs.seen.Len() > seenFactor*4 {
			t.Fatalf("%d verdicts and %d hashes held, over the bounds of 4 and %d", vs.len(), vs.seen.Len(), seenFactor*4)
		}
	}

	long := make([]byte, maxVerdictBody+1)
	before = visits
	for range 3 {
		vs.check(schema, long, visit(pass))
	}
	if visits != before+3 {
		t.Fatal("a body over the limit was remembered")
	}

	off := newVerdicts(0)
	if off != nil || off.len() != 0 {
		t.Fatal("a limit of 0 must turn the memo off")
	}
	before = visits
	for range 3 {
		off.check(schema, []byte(`"a"`), visit(pass))
	}
	if visits != before+3 {
		t.Fatal("a memo turned off remembered")
	}
}
