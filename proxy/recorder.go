package proxy

import (
	"maps"
	"net/http"
	"slices"
	"sync"
	"time"

	"authmock/validator"
	"authmock/validator/report"
)

// recorder keeps the report of a run: every exchange counted, the last keep detailed, and the
// failing ones among them with their bodies (for a HAR report).
type recorder struct {
	mu     sync.Mutex
	name   string
	counts report.Counts
	// ring holds the last len(ring) records; next is where the next one goes.
	ring []record
	next int
	full bool
}

// Caps on what one record keeps, so that the ring stays small whatever the clients send: a contract
// violation is about JSON bodies and paths far shorter than these.
const (
	maxKeptBody    = 16 << 10
	maxKeptPath    = 2 << 10
	maxKeptHeaders = 8 << 10
)

// record is one exchange of the ring. ex is kept only for a failed exchange, its bodies cut at
// maxKeptBody.
type record struct {
	c         report.Case
	ex        *validator.Exchange
	truncated bool
	started   time.Time
	d         time.Duration
}

func newRecorder(name string, keep int) *recorder {
	return &recorder{name: name, ring: make([]record, keep)}
}

func (r *recorder) add(c report.Case, ex validator.Exchange, started time.Time, d time.Duration) {
	if len(c.Path) > maxKeptPath {
		c.Path = c.Path[:maxKeptPath]
	}
	rec := record{c: c, started: started, d: d}
	if c.Outcome == report.Failed {
		rec.truncated = len(ex.Request.Body) > maxKeptBody || len(ex.Response.Body) > maxKeptBody
		ex.Request.Body = clip(ex.Request.Body)
		ex.Response.Body = clip(ex.Response.Body)
		ex.Request.Header = clipHeader(ex.Request.Header)
		ex.Response.Header = clipHeader(ex.Response.Header)
		if ex.Request.URL != nil {
			u := *ex.Request.URL
			if len(u.Path) > maxKeptPath {
				u.Path, u.RawPath = u.Path[:maxKeptPath], ""
			}
			if len(u.RawQuery) > maxKeptPath {
				u.RawQuery = ""
			}
			ex.Request.URL = &u
		}
		rec.ex = &ex
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts.Add(c)
	r.ring[r.next] = rec
	r.next++
	if r.next == len(r.ring) {
		r.next, r.full = 0, true
	}
}

// records returns the records kept, oldest first, and the counts of all.
func (r *recorder) records() ([]record, report.Counts) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []record
	if r.full {
		out = append(out, r.ring[r.next:]...)
	}
	out = append(out, r.ring[:r.next]...)
	return out, r.counts
}

// clipHeader returns a copy of h with at most maxKeptHeaders bytes of names and values, in key
// order; a value that would pass the cap is left out.
func clipHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	size := 0
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			if size += len(k) + len(v); size > maxKeptHeaders {
				return out
			}
			out[k] = append(out[k], v)
		}
	}
	return out
}

// clip returns a copy of b cut at maxKeptBody, so that the record holds no more than that.
func clip(b []byte) []byte {
	return append([]byte(nil), b[:min(len(b), maxKeptBody)]...)
}
