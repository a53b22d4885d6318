package proxy

import (
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

// maxKeptBody caps the bytes of a body the report keeps, so that the ring stays small whatever the
// traffic: a contract violation is about JSON bodies far shorter than this.
const maxKeptBody = 64 << 10

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
	rec := record{c: c, started: started, d: d}
	if c.Outcome == report.Failed {
		rec.truncated = len(ex.Request.Body) > maxKeptBody || len(ex.Response.Body) > maxKeptBody
		ex.Request.Body = clip(ex.Request.Body)
		ex.Response.Body = clip(ex.Response.Body)
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

// clip returns a copy of b cut at maxKeptBody, so that the record holds no more than that.
func clip(b []byte) []byte {
	return append([]byte(nil), b[:min(len(b), maxKeptBody)]...)
}
