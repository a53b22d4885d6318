package validator

import (
	"net/http"
	"net/url"
)

// Exchange is one HTTP request and the response it received, with their bodies already read.
type Exchange struct {
	Request  Request
	Response Response
}

// Request is the request half of an Exchange.
type Request struct {
	Method string
	// URL may be absolute (a HAR entry, a proxied request) or hold only a path: only its path and
	// query are used.
	URL    *url.URL
	Header http.Header
	Body   []byte
	// BodyOmitted says the body was not recorded whole (over the proxy's cap): the body is then
	// not validated.
	BodyOmitted bool
}

// Response is the response half of an Exchange. A zero Status means there is no response: only the
// request is validated.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// BodyOmitted says the body was not recorded (a HAR export without content, a body over the
	// proxy's cap, an unsupported Content-Encoding): the body is then not validated.
	BodyOmitted bool
}

// RequestOf returns the Request of r, whose body the caller has already read into body.
// Neither r nor its header is modified, then or later.
func RequestOf(r *http.Request, body []byte) Request {
	return Request{Method: r.Method, URL: r.URL, Header: r.Header, Body: body}
}

// ResponseOf returns the Response of res, whose body the caller has already read into body; for an
// httptest.ResponseRecorder, pass rec.Result() and rec.Body.Bytes().
func ResponseOf(res *http.Response, body []byte) Response {
	return Response{Status: res.StatusCode, Header: res.Header, Body: body}
}
