package validator

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// response validates r, the response to the request of in, into c.
//
// It follows openapi3filter.ValidateResponse but validates a JSON body itself: it decodes the bytes it
// already holds once, and visits them with the schema outside kin-openapi's response mode, whose
// per-object sorting and per-oneOf deep copies only serve writeOnly properties and defaults (the
// response mode is kept for documents that declare writeOnly properties). Other media types, and
// response headers, go through openapi3filter.
func (v *Validator) response(ctx context.Context, c *collector, in *openapi3filter.RequestValidationInput, r Response) {
	header := r.Header
	if header == nil {
		header = http.Header{}
	}
	c.side, c.header, c.status = SideResponse, header, r.Status
	if in.Request.Method == http.MethodHead {
		return
	}
	switch r.Status {
	case http.StatusNotModified, http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		// Never validated, as in openapi3filter.
		return
	}
	ref := in.Route.Operation.Responses.Status(r.Status)
	if ref == nil {
		ref = in.Route.Operation.Responses.Default()
	}
	if ref == nil {
		c.add(&openapi3filter.ResponseError{Reason: "status is not supported"})
		return
	}
	res := ref.Value
	if len(res.Headers) > 0 {
		c.add(openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: r.Status, Header: header, Options: v.resOptsNoBody,
		}))
	}
	if len(res.Content) == 0 || r.BodyOmitted {
		return
	}
	ct := header.Get("Content-Type")
	mt := res.Content.Get(ct)
	if mt == nil {
		v := c.base()
		c.contentType(&v, sortedKeys(res.Content))
		c.violations = append(c.violations, v)
		return
	}
	if mt.Schema == nil || mt.Schema.Value == nil {
		return
	}
	if !isJSON(ct) {
		opts := *v.resOpts
		opts.IncludeResponseStatus = false
		c.add(openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: r.Status, Header: header,
			Body: io.NopCloser(bytes.NewReader(r.Body)), Options: &opts,
		}))
		return
	}
	value, err := decodeJSON(r.Body, v.keys)
	if err != nil {
		c.add(&openapi3filter.ResponseError{Reason: "failed to decode response body", Err: err})
		return
	}
	if err := mt.Schema.Value.VisitJSON(value, v.visitResponse...); err != nil {
		c.add(&openapi3filter.ResponseError{Reason: "response body doesn't match schema", Err: err})
	}
}

// isJSON reports whether a Content-Type is JSON: application/json or a +json type.
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// scanSchemas adds the property names of doc's schemas to keys, and reports whether one of them
// declares a readOnly or writeOnly property, the only case where visiting as a request or a response
// changes the outcome.
func scanSchemas(doc *openapi3.T, keys map[string]string) (readWriteOnly bool) {
	seen := make(map[*openapi3.Schema]bool)
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		readWriteOnly = readWriteOnly || s.ReadOnly || s.WriteOnly
		for name, p := range s.Properties {
			keys[name] = name
			walk(p)
		}
		for _, refs := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, r := range refs {
				walk(r)
			}
		}
		walk(s.Items)
		walk(s.Not)
		walk(s.AdditionalProperties.Schema)
	}
	if doc.Components != nil {
		for _, s := range doc.Components.Schemas {
			walk(s)
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					walk(mt.Schema)
				}
			}
			for _, res := range op.Responses.Map() {
				if res.Value != nil {
					for _, mt := range res.Value.Content {
						walk(mt.Schema)
					}
				}
			}
		}
	}
	return readWriteOnly
}
