// Package memo is a bounded map safe for concurrent use, for the values the mock computes again and
// again (encoded users, verified tokens). When full, it drops one entry at random (the one Go's
// map iteration starts at): simple, and enough for the handful of users a mock serves at a time.
package memo

import "sync"

// Map holds at most Max entries. Values are shared by every caller of Get: store only values no
// one changes (strings, structs of strings, or copies the caller makes).
type Map[K comparable, V any] struct {
	mu  sync.RWMutex
	max int
	m   map[K]V
}

// New returns an empty Map that holds at most max entries (at least 1).
func New[K comparable, V any](limit int) *Map[K, V] {
	limit = max(limit, 1)
	return &Map[K, V]{max: limit, m: make(map[K]V, limit)}
}

// Get returns the value of k, if held. A nil Map holds nothing.
func (c *Map[K, V]) Get(k K) (V, bool) {
	if c == nil {
		var zero V
		return zero, false
	}
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

// Put holds v under k, dropping a random entry when the Map is full. On a nil Map it does nothing.
func (c *Map[K, V]) Put(k K, v V) {
	if c == nil {
		return
	}
	c.mu.Lock()
	if _, ok := c.m[k]; !ok && len(c.m) >= c.max {
		for old := range c.m {
			delete(c.m, old)
			break
		}
	}
	c.m[k] = v
	c.mu.Unlock()
}

// Len returns the number of entries held.
func (c *Map[K, V]) Len() int {
	if c == nil {
		return 0
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

// Max returns the most entries the Map holds.
func (c *Map[K, V]) Max() int { return c.max }
