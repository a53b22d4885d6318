package validator

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// collector turns the errors of openapi3filter into violations of one side of an exchange.
type collector struct {
	op   *operation
	side Side
	// header is the side's header, for the Content-Type found.
	header http.Header
	// status is the response status, for an undeclared one.
	status int
	// bodyToken says the request body carries a token, which satisfies the security requirements
	// of an operation that declares one.
	bodyToken  bool
	violations []Violation
}

func (c *collector) base() Violation {
	return Violation{Operation: c.op.id, Side: c.side}
}

// add records every violation err holds. err is what ValidateRequest or ValidateResponse returned
// (with Options.MultiError, an openapi3.MultiError), or one of its parts.
func (c *collector) add(err error) {
	if multi, ok := err.(openapi3.MultiError); ok {
		for _, e := range multi {
			c.add(e)
		}
		return
	}
	var (
		secErr *openapi3filter.SecurityRequirementsError
		reqErr *openapi3filter.RequestError
		resErr *openapi3filter.ResponseError
	)
	switch {
	case err == nil:
	case errors.As(err, &secErr):
		c.security()
	case errors.As(err, &reqErr):
		c.request(reqErr)
	case errors.As(err, &resErr):
		c.response(resErr)
	default:
		v := c.base()
		v.Location = string(c.side)
		v.Message = err.Error()
		c.violations = append(c.violations, v)
	}
}

func (c *collector) security() {
	if c.op.bodyToken && c.bodyToken {
		return
	}
	v := c.base()
	v.Location = "security"
	v.Expected = c.op.security
	v.Found = "no token"
	v.Message = "expected " + v.Expected + ", got no token"
	c.violations = append(c.violations, v)
}

func (c *collector) request(e *openapi3filter.RequestError) {
	v := c.base()
	switch {
	case e.Parameter != nil:
		prefix := e.Parameter.In + " " + e.Parameter.Name
		var parseErr *openapi3filter.ParseError
		switch {
		case errors.Is(e.Err, openapi3filter.ErrInvalidRequired):
			v.Location, v.Expected, v.Found = prefix, "a value", "nothing"
			v.Message = "required parameter is missing"
		case errors.As(e.Err, &parseErr) && parseErr.Value != nil && e.Parameter.Schema != nil:
			v.Location, v.Expected, v.Found = prefix, typeName(e.Parameter.Schema.Value), preview(parseErr.Value)
			v.Message = "expected " + v.Expected + ", got " + v.Found
		case errors.As(e.Err, &parseErr):
			v.Location = prefix
			v.Message = parseErr.Error()
		default:
			c.violations = schemaViolations(e.Err, prefix, v, c.violations)
			return
		}
	case e.RequestBody != nil:
		if c.bodyProblem(&v, e.Reason, e.Err, e.RequestBody.Content, e.RequestBody.Required) {
			break
		}
		c.violations = schemaViolations(e.Err, "body", v, c.violations)
		return
	default:
		v.Location = "request"
		v.Message = e.Error()
	}
	c.violations = append(c.violations, v)
}

func (c *collector) response(e *openapi3filter.ResponseError) {
	v := c.base()
	reason := e.Reason
	switch {
	case reason == "status is not supported":
		v.Location = "status"
		v.Expected = "one of " + strings.Join(c.op.statuses, ", ")
		v.Found = strconv.Itoa(c.status)
		v.Message = "expected " + v.Expected + ", got " + v.Found
	case strings.HasPrefix(reason, "response header "):
		name := quoted(strings.TrimPrefix(reason, "response header "))
		if name == "" {
			name = "Content-Type"
		}
		prefix := "header " + name
		switch {
		case strings.HasPrefix(reason, "response header Content-Type"):
			c.contentType(&v, c.op.contentTypes(c.status))
		case strings.HasSuffix(reason, " missing"):
			v.Location, v.Expected, v.Found = prefix, "a value", "nothing"
			v.Message = "required header is missing"
		default:
			c.violations = schemaViolations(e.Err, prefix, v, c.violations)
			return
		}
	case strings.HasPrefix(reason, "unable to decode header "):
		name := quoted(strings.TrimPrefix(reason, "unable to decode header "))
		v.Location = "header " + name
		var parseErr *openapi3filter.ParseError
		if s := c.op.headerSchema(c.status, name); s != nil && errors.As(e.Err, &parseErr) && parseErr.Value != nil {
			v.Expected, v.Found = typeName(s), preview(parseErr.Value)
			v.Message = "expected " + v.Expected + ", got " + v.Found
		} else {
			v.Message = e.Error()
		}
	case c.bodyProblem(&v, reason, e.Err, nil, false):
	default:
		c.violations = schemaViolations(e.Err, "body", v, c.violations)
		return
	}
	c.violations = append(c.violations, v)
}

// bodyProblem fills v and reports true when a body error is not about the schema: a missing body, an
// unexpected Content-Type or a body that does not decode.
func (c *collector) bodyProblem(v *Violation, reason string, err error, content openapi3.Content, required bool) bool {
	switch {
	case errors.Is(err, openapi3filter.ErrInvalidRequired) && required:
		v.Location, v.Expected, v.Found = "body", "a body", "nothing"
		v.Message = "required body is missing"
	case strings.Contains(reason, "header Content-Type has unexpected value"):
		types := c.op.contentTypes(c.status)
		if content != nil {
			types = sortedKeys(content)
		}
		c.contentType(v, types)
	case strings.HasPrefix(reason, "failed to decode"):
		v.Location = "body"
		v.Expected = "a body of type " + c.header.Get("Content-Type")
		v.Found = "a body that does not decode"
		v.Message = "body does not decode: " + errMessage(err)
	default:
		return false
	}
	return true
}

func (c *collector) contentType(v *Violation, declared []string) {
	v.Location = "header Content-Type"
	v.Expected = strings.Join(declared, ", ")
	v.Found = c.header.Get("Content-Type")
	if v.Found == "" {
		v.Found = "nothing"
	}
	v.Message = "expected " + v.Expected + ", got " + v.Found
}

// quoted returns the Go-quoted string s starts with, unquoted, or "".
func quoted(s string) string {
	q, err := strconv.QuotedPrefix(s)
	if err != nil {
		return ""
	}
	u, _ := strconv.Unquote(q)
	return u
}

func errMessage(err error) string {
	if err == nil {
		return "no detail"
	}
	return err.Error()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
