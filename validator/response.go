package validator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
// already holds once (or not at all when the verdict memo holds them), and visits them with the schema outside kin-openapi's response mode, whose
// per-object sorting and per-oneOf deep copies only serve writeOnly properties and defaults (the
// response mode is kept for documents that declare writeOnly properties). Other media types, and
// response headers, go through openapi3filter.
func (v *Validator) response(ctx context.Context, c *collector, in *openapi3filter.RequestValidationInput, r Response) {
	header := r.Header
	if header == nil {
		header = http.Header{}
	}
	c.side, c.header, c.status = SideResponse, header, r.Status
	responses := in.Route.Operation.Responses
	if in.Request.Method == http.MethodHead || responses == nil || responses.Len() == 0 {
		return
	}
	switch r.Status {
	case http.StatusNotModified, http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		// Never validated, as in openapi3filter.
		return
	}
	ref := responses.Status(r.Status)
	if ref == nil {
		ref = responses.Default()
	}
	if ref == nil || ref.Value == nil {
		c.add(&openapi3filter.ResponseError{Reason: "status is not supported"})
		return
	}
	res := ref.Value
	ct := header.Get("Content-Type")
	checkBody := len(res.Content) > 0 && !r.BodyOmitted
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: r.Status, Header: header}
	if checkBody && !isJSON(ct) {
		// Not JSON: headers and body through openapi3filter.
		out.Body, out.Options = io.NopCloser(bytes.NewReader(r.Body)), v.resOptsBody
		c.add(openapi3filter.ValidateResponse(ctx, out))
		return
	}
	if len(res.Headers) > 0 {
		out.Options = v.resOptsHeaders
		c.add(openapi3filter.ValidateResponse(ctx, out))
	}
	if !checkBody {
		return
	}
	mt := res.Content.Get(ct)
	if mt == nil {
		vi := c.base()
		c.contentType(&vi, sortedKeys(res.Content))
		c.violations = append(c.violations, vi)
		return
	}
	if mt.Schema == nil || mt.Schema.Value == nil {
		return
	}
	schema := mt.Schema.Value
	got := v.verdicts.check(schema, r.Body, func() verdict {
		value, err := decodeJSON(r.Body)
		if err != nil {
			return verdict{decodeErr: err}
		}
		return verdict{schemaErr: schema.VisitJSON(value, v.visitResponse...)}
	})
	switch {
	case got.decodeErr != nil:
		c.add(&openapi3filter.ResponseError{Reason: "failed to decode response body", Err: got.decodeErr})
	case got.schemaErr != nil:
		c.add(&openapi3filter.ResponseError{Reason: "response body doesn't match schema", Err: got.schemaErr})
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

// scanSchemas reports whether one of doc's schemas declares a readOnly or writeOnly property, the
// only case where visiting as a request or a response changes the outcome.
func scanSchemas(doc *openapi3.T) (readWriteOnly bool) {
	seen := make(map[*openapi3.Schema]bool)
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		readWriteOnly = readWriteOnly || s.ReadOnly || s.WriteOnly
		for _, p := range s.Properties {
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

// decodeJSON decodes a JSON body the way openapi3filter does (numbers as json.Number, so integers
// keep their precision), and refuses data after the value.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("invalid data after the top-level JSON value")
	}
	return v, nil
}
