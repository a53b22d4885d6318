package users

import (
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"
)

// arena hands out pointers into storage allocated once per generated user. The generated types hold
// nearly every field behind a pointer (the specs mark them optional), and one allocation per field
// would make the allocator the main cost of a profile.
type arena struct {
	strs   [32]string
	ints   [16]int
	bools  [32]bool
	floats [24]float64
	times  [4]time.Time
	uuids  [4]openapi_types.UUID
	lists  [12][]string

	nStrs, nInts, nBools, nFloats, nTimes, nUUIDs, nLists int
}

// slot stores v in the next free cell of block and returns its address. When block is full it falls
// back to a variable of its own, so that an undersized block costs an allocation, never a wrong value.
func slot[T any](block []T, used *int, v T) *T {
	if *used == len(block) {
		p := new(T) // not &v: that would move v to the heap on every call
		*p = v
		return p
	}
	block[*used] = v
	*used++
	return &block[*used-1]
}

func (a *arena) str(v string) *string { return slot(a.strs[:], &a.nStrs, v) }

func (a *arena) num(v int) *int { return slot(a.ints[:], &a.nInts, v) }

func (a *arena) flag(v bool) *bool { return slot(a.bools[:], &a.nBools, v) }

func (a *arena) float(v float64) *float64 { return slot(a.floats[:], &a.nFloats, v) }

func (a *arena) unix(sec int64) *time.Time {
	return slot(a.times[:], &a.nTimes, time.Unix(sec, 0).UTC())
}

func (a *arena) uuid(v openapi_types.UUID) *openapi_types.UUID {
	return slot(a.uuids[:], &a.nUUIDs, v)
}

func (a *arena) list(v []string) *[]string { return slot(a.lists[:], &a.nLists, v) }

// ptr returns a pointer to a copy of v, for the rare types that have no block in the arena.
func ptr[T any](v T) *T { return &v }
