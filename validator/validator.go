// Package validator checks HTTP exchanges against OpenAPI 3 documents. It finds the operation by
// method and path whatever the scheme and host (HAR files hold the real hosts, local traffic the
// mock's), validates the request and the response with kin-openapi's openapi3filter, and reports every
// violation: where it is, what the document expects and what the exchange holds.
//
// It ignores the mock's own control parameters (the query parameters __scenario, __delay, __fault,
// __code and __example, the headers X-Mock-Scenario and Prefer), and checks only that the credentials
// the security requirements name are present, never that they are valid.
package validator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"authmock/memo"
)

// Reasons of a Result that is not Known.
const (
	ReasonNoPath   = "no operation for this path"
	ReasonNoMethod = "method not declared for this path"
)

// Doc is a document to validate against and the short name results give its API.
type Doc struct {
	// Name is the API's name in results, e.g. "pria". Empty: the document's info.title.
	Name string
	// T is the parsed document, e.g. from a generated GetSwagger(). It is not modified.
	T *openapi3.T
}

// Validator validates exchanges against a set of documents. It is safe for concurrent use.
type Validator struct {
	apis []api
	ops  map[*openapi3.Operation]*operation
	// reqOpts validates a request, reqOptsNoBody one whose body was not recorded.
	reqOpts, reqOptsNoBody *openapi3filter.Options
	// resOptsHeaders validates the headers of a response, resOptsBody its headers and a body that
	// is not JSON (the validator decodes and visits a JSON body itself).
	resOptsHeaders, resOptsBody *openapi3filter.Options
	// visitResponse are the options of the schema visit of a JSON response body.
	visitResponse []openapi3.SchemaValidationOption
	// verdicts remembers the outcome of the JSON response bodies visited; nil when turned off.
	verdicts *verdicts
	// routes remembers the operations found by method and path: the routers ignore the host and the
	// query, and a mock, a proxy or a recording ask for the same few paths again and again.
	routes *memo.Map[routeKey, routed]
}

type routeKey struct{ method, path string }

type routed struct {
	route *routers.Route
	op    *operation
}

// maxRoutes bounds the routes remembered: the paths a spec declares, each with a few spellings.
const maxRoutes = 256

type api struct {
	name   string
	router routers.Router
}

// operation is what the validator precomputes about an operation of a document.
type operation struct {
	api, id, method, path string
	op                    *openapi3.Operation
	// bodyToken says the JSON request body declares a "token" property, which satisfies the security
	// requirements when present.
	bodyToken bool
	// security describes the accepted credentials, statuses lists the declared ones.
	security string
	statuses []string
}

// response returns the response declared for status, or the default one, or nil.
func (o *operation) response(status int) *openapi3.Response {
	if o.op.Responses == nil {
		return nil
	}
	ref := o.op.Responses.Status(status)
	if ref == nil {
		ref = o.op.Responses.Default()
	}
	if ref == nil {
		return nil
	}
	return ref.Value
}

// contentTypes returns the media types declared for the response to status.
func (o *operation) contentTypes(status int) []string {
	if res := o.response(status); res != nil {
		return sortedKeys(res.Content)
	}
	return nil
}

// headerSchema returns the schema of the header name of the response to status, or nil.
func (o *operation) headerSchema(status int, name string) *openapi3.Schema {
	res := o.response(status)
	if res == nil {
		return nil
	}
	for key, ref := range res.Headers {
		if strings.EqualFold(key, name) && ref.Value != nil && ref.Value.Schema != nil {
			return ref.Value.Schema.Value
		}
	}
	return nil
}

// New builds a Validator for docs: routers and everything else that can be computed once. Two
// documents that declare the same method and path are refused.
func New(docs []Doc, opts ...Option) (*Validator, error) {
	var cfg config
	for _, opt := range opts {
		opt(&cfg)
	}
	var schemaOpts []openapi3.SchemaValidationOption
	if cfg.formats {
		schemaOpts = append(schemaOpts, openapi3.WithStringFormatValidators(formatValidators()))
	}
	limit := DefaultVerdicts
	if cfg.verdicts != nil {
		limit = *cfg.verdicts
	}
	v := &Validator{
		ops:      make(map[*openapi3.Operation]*operation),
		verdicts: newVerdicts(limit),
		routes:   memo.New[routeKey, routed](maxRoutes),
		reqOpts: &openapi3filter.Options{
			MultiError:              true,
			AuthenticationFunc:      authenticate,
			SkipSettingDefaults:     true,
			SchemaValidationOptions: schemaOpts,
		},
		resOptsHeaders: &openapi3filter.Options{
			MultiError:              true,
			ExcludeResponseBody:     true,
			SchemaValidationOptions: schemaOpts,
		},
		resOptsBody: &openapi3filter.Options{
			MultiError:              true,
			SchemaValidationOptions: schemaOpts,
		},
	}
	noBody := *v.reqOpts
	noBody.ExcludeRequestBody = true
	v.reqOptsNoBody = &noBody
	v.visitResponse = append([]openapi3.SchemaValidationOption{openapi3.MultiErrors()}, schemaOpts...)
	writeOnly := false
	declared := make(map[string]string)
	for i, d := range docs {
		if d.T == nil {
			return nil, fmt.Errorf("validator: document %d (%q) is nil", i, d.Name)
		}
		name := d.Name
		if name == "" && d.T.Info != nil {
			name = d.T.Info.Title
		}
		// The router matches the servers' hosts: without servers it matches the path alone.
		doc := *d.T
		doc.Servers = nil
		router, err := legacy.NewRouter(&doc)
		if err != nil {
			return nil, fmt.Errorf("validator: building the router of %s: %w", name, err)
		}
		v.apis = append(v.apis, api{name: name, router: router})
		writeOnly = scanSchemas(&doc) || writeOnly
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				key := method + " " + templateless(path)
				if other, ok := declared[key]; ok {
					return nil, fmt.Errorf("validator: %s %s is declared by both %s and %s", method, path, other, name)
				}
				declared[key] = name
				v.ops[op] = newOperation(&doc, name, method, path, op)
			}
		}
	}
	if writeOnly {
		v.visitResponse = append(v.visitResponse, openapi3.VisitAsResponse())
	}
	return v, nil
}

func newOperation(doc *openapi3.T, name, method, path string, op *openapi3.Operation) *operation {
	o := &operation{api: name, id: op.OperationID, method: method, path: path, op: op, bodyToken: declaresBodyToken(op)}
	if o.id == "" {
		o.id = method + " " + path
	}
	security := doc.Security
	if op.Security != nil {
		security = *op.Security
	}
	o.security = describeSecurity(doc, security, o.bodyToken)
	if op.Responses != nil {
		o.statuses = sortedKeys(op.Responses.Map())
	}
	return o
}

// templateless replaces the names of a path's parameters, so that /a/{id} and /a/{name} compare equal.
func templateless(path string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(path, '{')
		if open < 0 {
			b.WriteString(path)
			return b.String()
		}
		end := strings.IndexByte(path[open:], '}')
		if end < 0 {
			b.WriteString(path)
			return b.String()
		}
		b.WriteString(path[:open+1])
		path = path[open+end:]
	}
}

// route finds the operation of req. A Result that is not Known says why.
func (v *Validator) route(req *http.Request) (*routers.Route, *operation, Result) {
	key := routeKey{req.Method, req.URL.Path}
	if r, ok := v.routes.Get(key); ok {
		return r.route, r.op, known(r.op)
	}
	route, op, res := v.findRoute(req)
	if res.Known {
		v.routes.Put(key, routed{route: route, op: op})
	}
	return route, op, res
}

func known(op *operation) Result {
	return Result{Known: true, API: op.api, OperationID: op.id, Method: op.method, Path: op.path}
}

// findRoute asks each document's router for the operation of req.
func (v *Validator) findRoute(req *http.Request) (*routers.Route, *operation, Result) {
	reason := ReasonNoPath
	for _, a := range v.apis {
		route, _, err := a.router.FindRoute(req)
		if err != nil {
			var re *routers.RouteError
			if errors.As(err, &re) && re.Reason == routers.ErrMethodNotAllowed.Error() {
				reason = ReasonNoMethod
			}
			continue
		}
		op := v.ops[route.Operation]
		return route, op, known(op)
	}
	return nil, nil, Result{Reason: reason}
}

// Validate validates the request of ex and, when ex has one (a non-zero status), its response.
// Neither ex nor what it points to is modified.
func (v *Validator) Validate(ctx context.Context, ex Exchange) Result {
	req := newRequest(ex.Request)
	route, op, res := v.route(req)
	if !res.Known {
		return res
	}
	opts := v.reqOpts
	if ex.Request.BodyOmitted {
		opts = v.reqOptsNoBody
	}
	in := &openapi3filter.RequestValidationInput{Request: req, Route: route, Options: opts}
	c := collector{op: op, side: SideRequest, header: req.Header}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		c.bodyToken = op.bodyToken && hasBodyToken(ex.Request.Body)
		c.add(err)
	}
	if ex.Response.Status != 0 {
		v.response(ctx, &c, in, ex.Response)
	}
	res.Violations = c.violations
	return res
}

// ValidateResponse validates only a response to req, whose operation it finds by method and path:
// for a server that has validated the request already. req is not modified and its body not read.
func (v *Validator) ValidateResponse(ctx context.Context, req *http.Request, status int, header http.Header, body []byte) Result {
	route, op, res := v.route(req)
	if !res.Known {
		return res
	}
	in := &openapi3filter.RequestValidationInput{Request: req, Route: route, Options: v.reqOpts}
	c := collector{op: op}
	v.response(ctx, &c, in, Response{Status: status, Header: header, Body: body})
	res.Violations = c.violations
	return res
}

// newRequest returns the *http.Request kin-openapi validates: r without the control parameters, with
// a body it can read as often as it needs.
func newRequest(r Request) *http.Request {
	u := r.URL
	if u == nil {
		u = &url.URL{Path: "/"}
	}
	cp := *u
	cp.RawQuery = withoutControlQuery(cp.RawQuery)
	req := &http.Request{
		Method:        r.Method,
		URL:           &cp,
		Header:        withoutControlHeaders(r.Header),
		Host:          cp.Host,
		Body:          http.NoBody,
		ContentLength: int64(len(r.Body)),
	}
	if len(r.Body) > 0 {
		body := r.Body
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		req.Body, _ = req.GetBody()
	}
	return req
}
