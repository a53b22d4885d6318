package validator_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"authmock/gen/authiqa"
	"authmock/gen/pria"
	"authmock/validator"
)

// docs returns the two specs, as the command loads them.
func docs(tb testing.TB) (priaDoc, authiqaDoc *openapi3.T) {
	tb.Helper()
	p, err := pria.GetSwagger()
	if err != nil {
		tb.Fatal(err)
	}
	a, err := authiqa.GetSwagger()
	if err != nil {
		tb.Fatal(err)
	}
	return p, a
}

func newValidator(tb testing.TB, opts ...validator.Option) *validator.Validator {
	tb.Helper()
	p, a := docs(tb)
	v, err := validator.New([]validator.Doc{{Name: "pria", T: p}, {Name: "authiqa", T: a}}, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// requestExample returns the JSON of the named example of an operation's request body.
func requestExample(tb testing.TB, doc *openapi3.T, method, path, name string) []byte {
	tb.Helper()
	op := doc.Paths.Find(path).GetOperation(method)
	ex := op.RequestBody.Value.Content.Get("application/json").Examples[name]
	if ex == nil {
		tb.Fatalf("no request example %q for %s %s", name, method, path)
	}
	return mustJSON(tb, ex.Value.Value)
}

// responseExample returns the JSON of the named example of an operation's response for status.
func responseExample(tb testing.TB, doc *openapi3.T, method, path string, status int, name string) []byte {
	tb.Helper()
	op := doc.Paths.Find(path).GetOperation(method)
	ex := op.Responses.Status(status).Value.Content.Get("application/json").Examples[name]
	if ex == nil {
		tb.Fatalf("no response example %q for %s %s %d", name, method, path, status)
	}
	return mustJSON(tb, ex.Value.Value)
}

// edit decodes body, lets f change it and encodes it again.
func edit(tb testing.TB, body []byte, f func(m map[string]any)) []byte {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		tb.Fatal(err)
	}
	f(m)
	return mustJSON(tb, m)
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustURL(tb testing.TB, s string) *url.URL {
	tb.Helper()
	u, err := url.Parse(s)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

var jsonHeader = http.Header{"Content-Type": {"application/json; charset=utf-8"}}

// exchange builds an exchange with JSON bodies; extra holds request headers, two strings a name.
func exchange(tb testing.TB, method, rawURL string, reqBody []byte, status int, resBody []byte, extra ...string) validator.Exchange {
	tb.Helper()
	h := http.Header{}
	if reqBody != nil {
		h.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(extra); i += 2 {
		h.Add(extra[i], extra[i+1])
	}
	return validator.Exchange{
		Request:  validator.Request{Method: method, URL: mustURL(tb, rawURL), Header: h, Body: reqBody},
		Response: validator.Response{Status: status, Header: jsonHeader, Body: resBody},
	}
}
