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
	visit := func(err error) func() verdict {
		return func() verdict { visits++; return verdict{schemaErr: err} }
	}
	vs := newVerdicts(4)
	bad := errors.New("bad")

	if got := vs.check(schema, []byte(`"a"`), visit(bad)); got.schemaErr != bad || visits != 1 {
		t.Fatalf("first check: %+v after %d visits", got, visits)
	}
	if got := vs.check(schema, []byte(`"a"`), visit(nil)); got.schemaErr != bad || visits != 1 {
		t.Fatalf("second check visited again or changed the verdict: %+v after %d visits", got, visits)
	}
	if vs.check(&openapi3.Schema{}, []byte(`"a"`), visit(nil)); visits != 2 {
		t.Fatal("another schema shared the verdict")
	}

	// An entry whose hash matches but whose body does not is a miss, never a wrong verdict.
	key := verdictKey{schema: schema, sum: maphash.Bytes(vs.seed, []byte(`"b"`))}
	vs.m.Put(key, verdict{body: `"c"`, schemaErr: bad})
	if got := vs.check(schema, []byte(`"b"`), visit(nil)); got.schemaErr != nil || visits != 3 {
		t.Fatalf("a colliding entry gave its verdict: %+v after %d visits", got, visits)
	}

	for i := range 10 {
		vs.check(schema, fmt.Appendf(nil, "%d", i), visit(nil))
		if vs.len() > 4 {
			t.Fatalf("%d verdicts held, over the bound of 4", vs.len())
		}
	}

	long := make([]byte, maxVerdictBody+1)
	before := visits
	vs.check(schema, long, visit(nil))
	vs.check(schema, long, visit(nil))
	if visits != before+2 {
		t.Fatal("a body over the limit was remembered")
	}

	var off *verdicts = newVerdicts(0)
	if off != nil || off.len() != 0 {
		t.Fatal("a limit of 0 must turn the memo off")
	}
	before = visits
	off.check(schema, []byte(`"a"`), visit(nil))
	off.check(schema, []byte(`"a"`), visit(nil))
	if visits != before+2 {
		t.Fatal("a memo turned off remembered")
	}
}
