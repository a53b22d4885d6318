package validator

import (
	"net/http"
	"net/url"
	"strings"
)

// controlQuery and controlHeaders are the mock's own control parameters: they steer authmock and are
// not part of the APIs, so they are removed before validation.
var (
	controlQuery   = []string{"__scenario", "__delay", "__fault", "__code", "__example"}
	controlHeaders = []string{"X-Mock-Scenario", "Prefer"}
)

// withoutControlQuery returns rawQuery without the control parameters. It parses the query only when
// one may be there, and returns rawQuery itself when none is.
func withoutControlQuery(rawQuery string) string {
	if !strings.Contains(rawQuery, "__") {
		return rawQuery
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		// Left as is: kin-openapi reports a malformed query itself.
		return rawQuery
	}
	found := false
	for _, name := range controlQuery {
		if _, ok := q[name]; ok {
			delete(q, name)
			found = true
		}
	}
	if !found {
		return rawQuery
	}
	return q.Encode()
}

// withoutControlHeaders returns h without the control headers, as a copy when it has to remove one,
// so that the caller's header is never modified.
func withoutControlHeaders(h http.Header) http.Header {
	if h == nil {
		return http.Header{}
	}
	var out http.Header
	for _, name := range controlHeaders {
		if _, ok := h[name]; !ok {
			continue
		}
		if out == nil {
			out = h.Clone()
		}
		delete(out, name)
	}
	if out == nil {
		return h
	}
	return out
}
