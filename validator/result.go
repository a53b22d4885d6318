package validator

import (
	"strconv"
	"strings"
)

// Side says which half of an exchange a Violation is about.
type Side string

// The two sides of an exchange.
const (
	SideRequest  Side = "request"
	SideResponse Side = "response"
)

// Result is the outcome of validating one exchange.
type Result struct {
	// Known says whether an operation of one of the documents matches the method and path.
	Known bool
	// Reason says why the exchange is not Known: "no operation for this path" or
	// "method not declared for this path".
	Reason string
	// API is the Name of the Doc that declares the operation.
	API string
	// OperationID is the operationId of the operation.
	OperationID string
	// Method and Path are those of the operation in the document (Path is the template, e.g.
	// "/api/auth/signin").
	Method string
	Path   string
	// Violations lists every way the exchange departs from the document, request first.
	Violations []Violation
}

// Failed reports whether the exchange has at least one violation.
func (r Result) Failed() bool { return len(r.Violations) > 0 }

// String returns r on one line, for logs.
func (r Result) String() string {
	if !r.Known {
		return r.Reason
	}
	return r.API + " " + r.OperationID + ": " + strconv.Itoa(len(r.Violations)) + " violation(s)"
}

// Count returns the number of violations on side.
func (r Result) Count(side Side) int {
	n := 0
	for _, v := range r.Violations {
		if v.Side == side {
			n++
		}
	}
	return n
}

// Violation is one way an exchange departs from its operation in the document.
type Violation struct {
	// Operation is the operationId of the operation.
	Operation string `json:"operation"`
	// Side is "request" or "response".
	Side Side `json:"side"`
	// Location says where: "status", "security", "header Content-Type", "query token", "body" for
	// the whole body, or "body /profile/credits" for a value inside it (a JSON pointer).
	Location string `json:"location"`
	// Expected is what the document asks for, e.g. "integer".
	Expected string `json:"expected,omitempty"`
	// Found is what the exchange holds, e.g. "string".
	Found string `json:"found,omitempty"`
	// Message says it in words, e.g. "expected integer, got string".
	Message string `json:"message"`
}

// String returns the violation on one line, a JSON pointer standing for a body location:
// "/profile/credits: expected integer, got string" or "status: expected one of 200, 400, got 418".
func (v Violation) String() string {
	where := v.Location
	if p, ok := strings.CutPrefix(where, "body "); ok {
		where = p
	}
	return where + ": " + v.Message
}
