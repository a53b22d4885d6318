package server

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"authmock/session"
)

// The documented signin limit: 10 requests per minute per IP address.
const (
	signinLimit    = 10
	signinWindow   = time.Minute
	maxLimiterKeys = 10000
)

// rateLimiter counts requests per key in fixed windows. It keeps at most max keys: when full it
// drops a window that has ended, or else a random one.
type rateLimiter struct {
	mu     sync.Mutex
	clock  session.Clock
	limit  int
	window time.Duration
	max    int
	keys   map[string]*rateWindow
}

type rateWindow struct {
	start time.Time
	count int
}

func newRateLimiter(clock session.Clock, limit int, window time.Duration, max int) *rateLimiter {
	return &rateLimiter{clock: clock, limit: limit, window: window, max: max, keys: map[string]*rateWindow{}}
}

// allow counts one request for key and reports whether it is within the limit; if not, wait is
// how long until the window ends.
func (l *rateLimiter) allow(key string) (wait time.Duration, ok bool) {
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.keys[key]
	// A window that has ended, or that starts after now (the clock was moved back), starts anew.
	if w == nil || now.Sub(w.start) >= l.window || now.Before(w.start) {
		if w == nil && len(l.keys) >= l.max {
			l.evict(now)
		}
		w = &rateWindow{start: now}
		l.keys[key] = w
	}
	if w.count >= l.limit {
		return w.start.Add(l.window).Sub(now), false
	}
	w.count++
	return 0, true
}

// evict drops one window: the first ended one among a few, else the first seen (a random one, as
// Go's map iteration starts anywhere). It looks at a few entries only, so a full table costs no more
// per new client than an empty one.
func (l *rateLimiter) evict(now time.Time) {
	const look = 8
	first, n := "", 0
	for k, w := range l.keys {
		if now.Sub(w.start) >= l.window {
			delete(l.keys, k)
			return
		}
		if first == "" {
			first = k
		}
		if n++; n == look {
			break
		}
	}
	delete(l.keys, first)
}

func (l *rateLimiter) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

// rateLimited is the 429 answer, with Retry-After in whole seconds, rounded up.
func rateLimited(wait time.Duration) *apiError {
	secs := int((wait + time.Second - 1) / time.Second)
	return &apiError{
		Status:  http.StatusTooManyRequests,
		Message: "Too many requests, please try again later.",
		Header:  map[string]string{"Retry-After": strconv.Itoa(max(secs, 1))},
	}
}
