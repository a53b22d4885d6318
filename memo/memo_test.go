package memo

import (
	"fmt"
	"sync"
	"testing"
)

func TestMap(t *testing.T) {
	m := New[string, int](3)
	for i := 0; i < 10; i++ {
		m.Put(fmt.Sprint(i), i)
		if m.Len() > 3 {
			t.Fatalf("Len = %d over the bound", m.Len())
		}
	}
	if m.Len() != 3 || m.Max() != 3 {
		t.Errorf("Len %d Max %d", m.Len(), m.Max())
	}
	m.Put("9", 90) // replacing a held key evicts nothing
	if v, ok := m.Get("9"); !ok || v != 90 || m.Len() != 3 {
		t.Errorf("Get(9) = %d %v, Len %d", v, ok, m.Len())
	}
	if _, ok := m.Get("nope"); ok {
		t.Error("Get of a key never put")
	}
	var none *Map[string, int]
	none.Put("a", 1)
	if _, ok := none.Get("a"); ok || none.Len() != 0 {
		t.Error("a nil Map held something")
	}
	if New[int, int](0).Max() != 1 {
		t.Error("a bound below 1 is not 1")
	}
}

func TestMapConcurrent(t *testing.T) {
	m := New[int, int](16)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				m.Put(w*1000+i, i)
				m.Get(i)
			}
		}(w)
	}
	wg.Wait()
	if m.Len() != 16 {
		t.Errorf("Len = %d", m.Len())
	}
}
