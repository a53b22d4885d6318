package proxy

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"authmock/validator"
	"authmock/validator/report"
)

// problem is an RFC 9457 problem: the body of the answers the proxy makes itself.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	// Target is the server the proxy forwards to, for an upstream failure.
	Target string `json:"target,omitempty"`
	// Violations are the contract violations of a replaced response (strict mode).
	Violations []validator.Violation `json:"violations,omitempty"`
}

// violationProblem is the problem that replaces a response violating the contract.
func violationProblem(c report.Case, res validator.Result) problem {
	n := res.Count(validator.SideResponse)
	return problem{
		Type:       "about:blank",
		Title:      "Response violates the API contract",
		Status:     http.StatusBadGateway,
		Detail:     fmt.Sprintf("%s %s: the upstream %d response has %d contract violation(s)", c.Method, c.Path, c.Status, n),
		Violations: res.Violations,
	}
}

// writeProblem answers with p as application/problem+json.
func writeProblem(w http.ResponseWriter, p problem, violations int) {
	body, err := json.Marshal(p)
	if err != nil {
		http.Error(w, p.Title, p.Status)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set(HeaderViolations, strconv.Itoa(violations))
	w.WriteHeader(p.Status)
	_, _ = w.Write(body)
}
