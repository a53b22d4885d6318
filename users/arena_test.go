package users

import "testing"

func TestArenaSlot(t *testing.T) {
	var block [2]string
	used := 0
	a := slot(block[:], &used, "a")
	b := slot(block[:], &used, "b")
	c := slot(block[:], &used, "c") // the block is full: c gets a variable of its own
	if *a != "a" || *b != "b" || *c != "c" {
		t.Fatalf("got %q %q %q", *a, *b, *c)
	}
	if a != &block[0] || b != &block[1] || used != 2 {
		t.Errorf("a and b are not the block's cells, or used = %d", used)
	}
	*c = "changed"
	if block[0] != "a" || block[1] != "b" {
		t.Errorf("writing through the overflow pointer changed the block: %q", block)
	}
}

// The blocks are sized for the largest users: none of them fills one, so none falls back to an
// allocation per field. A full block fails too, since it may have overflowed.
func TestArenaFitsEveryUser(t *testing.T) {
	full := func(a *arena) bool {
		return a.nStrs == len(a.strs) || a.nInts == len(a.ints) || a.nBools == len(a.bools) ||
			a.nFloats == len(a.floats) || a.nTimes == len(a.times) || a.nUUIDs == len(a.uuids) || a.nLists == len(a.lists)
	}
	g := New(1)
	for _, email := range []string{"john.doe@mydomain.com", "a@b.co", "x+tag@sub.domain.io"} {
		if _, a := g.priaRefreshedProfile(email, "super"); full(a) {
			t.Errorf("%s: the refreshed profile fills a block: %+v", email, a)
		}
		for _, child := range []bool{false, true} {
			if _, a := g.authiqaUser(email, child); full(a) {
				t.Errorf("%s, child %v: the Authiqa user fills a block: %+v", email, child, a)
			}
		}
	}
}
