// Package report gathers the outcomes of validated exchanges, by source (a HAR file, a proxy run),
// and writes them as text, JSON or JUnit XML.
package report

import (
	"fmt"
	"net/url"
	"strconv"

	"authmock/validator"
)

// Outcome is what became of one exchange.
type Outcome string

// The outcomes of an exchange.
const (
	Passed  Outcome = "passed"
	Failed  Outcome = "failed"
	Skipped Outcome = "skipped"
	Unknown Outcome = "unknown"
)

// Case is one exchange and its outcome.
type Case struct {
	// Index is the position of the exchange in its source, from 0 (log.entries[Index] of a HAR file).
	Index  int    `json:"index"`
	Method string `json:"method"`
	// Host and Path are those of the request URL. The query is left out: it may carry a token.
	Host string `json:"host,omitempty"`
	Path string `json:"path"`
	// Status is the response status, 0 when there was none.
	Status    int     `json:"status,omitempty"`
	API       string  `json:"api,omitempty"`
	Operation string  `json:"operation,omitempty"`
	Outcome   Outcome `json:"outcome"`
	// Reason says why a case was skipped or is unknown.
	Reason     string                `json:"reason,omitempty"`
	Violations []validator.Violation `json:"violations,omitempty"`
}

// NewCase returns the case of an exchange validated into res.
func NewCase(index int, ex validator.Exchange, res validator.Result) Case {
	c := requestCase(index, ex.Request.Method, ex.Request.URL, ex.Response.Status)
	switch {
	case !res.Known:
		c.Outcome, c.Reason = Unknown, res.Reason
	case res.Failed():
		c.Outcome = Failed
	default:
		c.Outcome = Passed
	}
	c.API, c.Operation, c.Violations = res.API, res.OperationID, res.Violations
	return c
}

// SkippedCase returns the case of an exchange that was not validated, for reason.
func SkippedCase(index int, method string, u *url.URL, status int, reason string) Case {
	c := requestCase(index, method, u, status)
	c.Outcome, c.Reason = Skipped, reason
	return c
}

func requestCase(index int, method string, u *url.URL, status int) Case {
	c := Case{Index: index, Method: method, Status: status}
	if u != nil {
		c.Host, c.Path = u.Host, u.EscapedPath()
	}
	return c
}

// Title names the case on one line: "entry 12 POST /api/auth/signin".
func (c Case) Title() string {
	return fmt.Sprintf("entry %d %s %s", c.Index, c.Method, c.Path)
}

// Line returns v, a violation of c, on one line: "entry 12 POST /api/auth/signin response 200:
// /profile/credits: expected integer, got string".
func (c Case) Line(v validator.Violation) string {
	side := string(v.Side)
	if v.Side == validator.SideResponse {
		side += " " + strconv.Itoa(c.Status)
	}
	return c.Title() + " " + side + ": " + v.String()
}

// Counts sums the outcomes of a suite.
type Counts struct {
	Total      int `json:"total"`
	Passed     int `json:"passed"`
	Failed     int `json:"failed"`
	Skipped    int `json:"skipped"`
	Unknown    int `json:"unknown"`
	Violations int `json:"violations"`
}

// Add counts c.
func (n *Counts) Add(c Case) {
	n.Total++
	n.Violations += len(c.Violations)
	switch c.Outcome {
	case Passed:
		n.Passed++
	case Failed:
		n.Failed++
	case Skipped:
		n.Skipped++
	case Unknown:
		n.Unknown++
	}
}

func (n *Counts) add(o Counts) {
	n.Total += o.Total
	n.Passed += o.Passed
	n.Failed += o.Failed
	n.Skipped += o.Skipped
	n.Unknown += o.Unknown
	n.Violations += o.Violations
}

// Suite is the cases of one source.
type Suite struct {
	// Name names the source: a file name, or "proxy".
	Name   string `json:"name"`
	Counts Counts `json:"counts"`
	// Cases are the cases kept, in order. A bounded source (the proxy) keeps the last ones only, and
	// Dropped says how many it counted but did not keep.
	Cases   []Case `json:"cases"`
	Dropped int    `json:"dropped,omitempty"`
}

// Add adds c to the suite and counts it.
func (s *Suite) Add(c Case) {
	s.Cases = append(s.Cases, c)
	s.Counts.Add(c)
}

// Report is the suites of a run.
type Report struct {
	// UnknownFails makes unknown exchanges failures (--unknown fail).
	UnknownFails bool     `json:"unknownFails"`
	Suites       []*Suite `json:"suites"`
}

// Totals sums the counts of every suite.
func (r *Report) Totals() Counts {
	var n Counts
	for _, s := range r.Suites {
		n.add(s.Counts)
	}
	return n
}

// Failed reports whether an exchange failed, or was unknown when UnknownFails.
func (r *Report) Failed() bool {
	n := r.Totals()
	return n.Failed > 0 || r.UnknownFails && n.Unknown > 0
}

// failing reports whether c counts as a failure in r.
func (r *Report) failing(c Case) bool {
	return c.Outcome == Failed || r.UnknownFails && c.Outcome == Unknown
}
