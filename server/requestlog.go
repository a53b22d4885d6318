package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"authmock/validator"
)

// requestLogCapacity is how many requests the console can list: older ones are dropped.
const requestLogCapacity = 200

// requestViolationsKey is where the requestLog middleware leaves, in strict mode, the holder that
// the strict middleware fills with the violations of the request in flight.
const requestViolationsKey = "authmock.requestViolations"

// requestEntry is one request the mock served, as the console lists it.
type requestEntry struct {
	Seq      uint64
	Time     time.Time // when it arrived, by the mock's clock (so it follows the console's offset)
	Method   string
	Path     string
	Query    string
	Status   int
	Scenario string // the X-Mock-Scenario answered; empty when none applies
	Latency  time.Duration
	// Violations are the contract violations strict mode found in the exchange.
	Violations []string
}

// requestRing keeps the last requests in a fixed-size ring, each numbered so that a poller can ask
// for the ones it has not seen. It is safe for concurrent use; adding copies one entry under a lock.
type requestRing struct {
	mu      sync.Mutex
	entries []requestEntry
	last    uint64 // Seq of the newest entry; 0 before the first
}

// newRequestRing returns an empty ring that keeps the last capacity entries.
func newRequestRing(capacity int) *requestRing {
	return &requestRing{entries: make([]requestEntry, capacity)}
}

// capacity is how many entries the ring keeps.
func (r *requestRing) capacity() int { return len(r.entries) }

// len is how many entries the ring holds.
func (r *requestRing) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return int(min(r.last, uint64(len(r.entries))))
}

// add numbers e and stores it, dropping the oldest entry when the ring is full.
func (r *requestRing) add(e requestEntry) {
	r.mu.Lock()
	r.last++
	e.Seq = r.last
	r.entries[(e.Seq-1)%uint64(len(r.entries))] = e
	r.mu.Unlock()
}

// since returns the kept entries numbered after seq, oldest first, and the newest number. A seq
// ahead of the newest (a poller that saw an earlier run of the mock) gets every kept entry.
func (r *requestRing) since(seq uint64) ([]requestEntry, uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	size := uint64(len(r.entries))
	oldest := uint64(1)
	if r.last > size {
		oldest = r.last - size + 1
	}
	if seq > r.last {
		seq = 0
	}
	from := max(seq+1, oldest)
	if from > r.last {
		return nil, r.last
	}
	out := make([]requestEntry, 0, r.last-from+1)
	for n := from; n <= r.last; n++ {
		out = append(out, r.entries[(n-1)%size])
	}
	return out, r.last
}

// redactToken returns the query of u with the value of a token parameter (the third token
// transport) blanked: the request log is readable from the console, and tokens are credentials.
func redactToken(u *url.URL) string {
	if !strings.Contains(u.RawQuery, "token=") {
		return u.RawQuery
	}
	q := u.Query()
	if _, ok := q["token"]; !ok {
		return u.RawQuery
	}
	q.Set("token", "REDACTED")
	return q.Encode()
}

// recordable reports whether the console lists this request: the APIs' operations and
// /__mock/use, not the console's own calls.
func (s *server) recordable(c echo.Context) bool {
	p := c.Path()
	return p == controlPrefix+"/use" || s.routes[routeKey{c.Request().Method, p}] != nil
}

// requestViolations carries strict mode's findings from the strict middleware, deep in the chain,
// back to the requestLog middleware that records the request.
type requestViolations struct {
	list []string
}

// attachViolations records strict mode's findings for the request in flight, if the request is
// one the console lists.
func attachViolations(c echo.Context, vs []validator.Violation) {
	holder, ok := c.Get(requestViolationsKey).(*requestViolations)
	if !ok || len(vs) == 0 {
		return
	}
	holder.list = make([]string, len(vs))
	for i, v := range vs {
		holder.list[i] = string(v.Side) + " " + v.String()
	}
}

// requestView is one entry of GET /__mock/api/requests.
type requestView struct {
	Seq        uint64    `json:"seq"`
	Time       time.Time `json:"time"`
	Method     string    `json:"method"`
	Path       string    `json:"path"`
	Query      string    `json:"query,omitempty"`
	Status     int       `json:"status"`
	Scenario   string    `json:"scenario"`
	Latency    string    `json:"latency"`
	Violations []string  `json:"violations,omitempty"`
}

// requestsAnswer is the answer of GET /__mock/api/requests.
type requestsAnswer struct {
	// Latest is the number of the newest request; pass it as since to get only newer ones.
	Latest   uint64        `json:"latest"`
	Capacity int           `json:"capacity"`
	Entries  []requestView `json:"entries"`
}

// listRequests lists the last requests the mock served, oldest first; ?since=SEQ keeps those
// numbered after SEQ.
func (s *server) listRequests(c echo.Context) error {
	var since uint64
	if v := c.QueryParam("since"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return writeProblem(c, http.StatusBadRequest, "since: "+quote(v)+" is not a request number (a non-negative integer)")
		}
		since = n
	}
	entries, latest := s.requests.since(since)
	out := requestsAnswer{Latest: latest, Capacity: s.requests.capacity(), Entries: make([]requestView, len(entries))}
	for i, e := range entries {
		out.Entries[i] = requestView{
			Seq: e.Seq, Time: e.Time.UTC(), Method: e.Method, Path: e.Path, Query: e.Query, Status: e.Status,
			Scenario: e.Scenario, Latency: e.Latency.Round(time.Microsecond).String(), Violations: e.Violations,
		}
	}
	return c.JSON(http.StatusOK, out)
}
