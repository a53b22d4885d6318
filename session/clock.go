// Package session issues and verifies the mock's JWTs, picks the token out of a request by the
// documented transport priority, and keeps the pending MFA challenges.
package session

import (
	"sync/atomic"
	"time"
)

// Clock tells the time. Tests inject a fixed clock; the server uses an OffsetClock so that the
// console can move "now" forward to try token expiry without waiting.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// OffsetClock is a Clock that runs Base shifted by an adjustable offset. It is safe for concurrent use.
type OffsetClock struct {
	// Base is the underlying clock; nil means the system clock.
	Base   Clock
	offset atomic.Int64
}

// Now returns the base time plus the offset.
func (c *OffsetClock) Now() time.Time {
	var now time.Time
	if c.Base != nil {
		now = c.Base.Now()
	} else {
		now = time.Now()
	}
	return now.Add(time.Duration(c.offset.Load()))
}

// Offset returns how far the clock runs ahead of its base.
func (c *OffsetClock) Offset() time.Duration { return time.Duration(c.offset.Load()) }

// SetOffset sets how far the clock runs ahead of its base; zero resets it.
func (c *OffsetClock) SetOffset(d time.Duration) { c.offset.Store(int64(d)) }

// Advance moves the clock forward by d and returns the new offset.
func (c *OffsetClock) Advance(d time.Duration) time.Duration {
	return time.Duration(c.offset.Add(int64(d)))
}
