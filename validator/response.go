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
	"github.com/go-json-experiment/json/jsontext"
)

// response validates r, the response to the request of in, into c.
//
// It follows openapi3filter.ValidateResponse but validates a JSON body itself: it decodes the bytes it
// already holds once (or not at all when the verdict memo knows them), and visits them with the
// schema outside kin-openapi's response mode, whose per-object sorting and per-oneOf deep copies only
// serve writeOnly properties and defaults (the response mode is kept for documents that declare
// writeOnly properties). Other media types, and response headers, go through openapi3filter.
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

// decodeOptions read a body as leniently as encoding/json does: the last of duplicate members,
// invalid UTF-8 replaced.
var decodeOptions = []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}

// decodeJSON decodes a JSON body into the values kin-openapi visits (objects as map[string]any,
// arrays as []any, numbers as json.Number, as openapi3filter decodes them) and refuses data after the
// value. The JSON v2 tokenizer reads the bytes (syntax, escapes, UTF-8, nesting depth); decodeJSON
// only builds the values from its tokens, in a little over half of encoding/json's time.
func decodeJSON(data []byte) (any, error) {
	dec := jsontext.NewDecoder(bytes.NewReader(data), decodeOptions...)
	v, err := decodeValue(dec)
	if err != nil {
		// The tokenizer's errors say where: 'unexpected EOF within "/success" after offset 11'.
		return nil, errors.New(strings.TrimPrefix(err.Error(), "jsontext: "))
	}
	if _, err := dec.ReadToken(); !errors.Is(err, io.EOF) {
		return nil, errors.New("invalid data after the top-level JSON value")
	}
	return v, nil
}

// decodeValue reads the next value of dec.
func decodeValue(dec *jsontext.Decoder) (any, error) {
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case '{':
		m := make(map[string]any)
		for dec.PeekKind() != '}' {
			name, err := dec.ReadToken()
			if err != nil {
				return nil, err
			}
			key := name.String() // before the next read, which voids name
			if m[key], err = decodeValue(dec); err != nil {
				return nil, err
			}
		}
		_, err := dec.ReadToken()
		return m, err
	case '[':
		a := []any{}
		for dec.PeekKind() != ']' {
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.ReadToken()
		return a, err
	case '"':
		return tok.String(), nil
	case '0':
		return json.Number(tok.String()), nil
	case 't', 'f':
		return tok.Bool(), nil
	default: // 'n'
		return nil, nil
	}
}
