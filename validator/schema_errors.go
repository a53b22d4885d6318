package validator

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaLeaves appends to out the SchemaErrors of err that say what is wrong, leaving out those that
// only group others: allOf is replaced by the errors of its failing parts, and a oneOf that no part
// matches by the errors of its closest part, the one with the fewest errors (the first on a tie).
// The errors of kin-openapi's nested schemas already carry their full path.
func schemaLeaves(err error, out []*openapi3.SchemaError) []*openapi3.SchemaError {
	switch e := err.(type) {
	case nil:
		return out
	case openapi3.MultiError:
		for _, x := range e {
			out = schemaLeaves(x, out)
		}
		return out
	case *openapi3.SchemaError:
		var parts openapi3.MultiError
		switch e.SchemaField {
		case "allOf":
			if errors.As(e.Origin, &parts) {
				return schemaLeaves(parts, out)
			}
		case "oneOf":
			if !errors.Is(e.Origin, openapi3.ErrOneOfConflict) && errors.As(e.Origin, &parts) && len(parts) > 0 {
				var best []*openapi3.SchemaError
				for i, part := range parts {
					if l := schemaLeaves(part, nil); i == 0 || len(l) < len(best) {
						best = l
					}
				}
				return append(out, best...)
			}
		}
		return append(out, e)
	default:
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			return schemaLeaves(se, out)
		}
		return out
	}
}

// schemaViolations turns the schema errors of err into violations located under prefix ("body",
// "query token", "header Retry-After").
func schemaViolations(err error, prefix string, base Violation, out []Violation) []Violation {
	leaves := schemaLeaves(err, nil)
	if len(leaves) == 0 {
		v := base
		v.Location = prefix
		v.Message = err.Error()
		return append(out, v)
	}
	for _, e := range leaves {
		out = appendSchemaViolation(out, e, prefix, base)
	}
	return out
}

// appendSchemaViolation appends the violations e describes.
func appendSchemaViolation(out []Violation, e *openapi3.SchemaError, prefix string, base Violation) []Violation {
	path := e.JSONPointer()
	v := base
	v.Location = location(prefix, path)
	switch e.SchemaField {
	case "type":
		v.Expected, v.Found = typeName(e.Schema), jsonType(e.Value)
		if v.Found == "number" && v.Expected == "integer" {
			v.Found = "number " + preview(e.Value)
		}
	case "nullable":
		v.Expected, v.Found = typeName(e.Schema), "null"
	case "required":
		v.Expected, v.Found = "required property", "nothing"
		v.Message = "required property is missing"
	case "enum":
		v.Expected, v.Found = "one of "+enumList(e.Schema.Enum), preview(e.Value)
	case "pattern":
		v.Expected, v.Found = "string matching "+e.Schema.Pattern, preview(e.Value)
	case "format":
		v.Expected, v.Found = "string in format "+e.Schema.Format, preview(e.Value)
	case "not":
		if names := forbiddenPresent(e.Schema, e.Value); len(names) > 0 {
			for _, name := range names {
				f := base
				f.Location = location(prefix, append(slices.Clip(path), name))
				f.Expected, f.Found = "no such property", "property "+name
				f.Message = "property not allowed here"
				out = append(out, f)
			}
			return out
		}
		v.Expected, v.Found = "a value not matching the schema under \"not\"", jsonType(e.Value)
		v.Message = "value matches the schema under \"not\""
	case "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems":
		v.Expected, v.Found = bound(e.SchemaField, e.Schema), preview(e.Value)
		if strings.HasSuffix(e.SchemaField, "Length") || strings.HasSuffix(e.SchemaField, "Items") {
			v.Found = "length " + strconv.Itoa(length(e.Value))
		}
	case "oneOf", "anyOf":
		v.Found = jsonType(e.Value)
		v.Message = e.Reason
	default:
		v.Expected = e.SchemaField
		v.Found = preview(e.Value)
		v.Message = e.Reason
	}
	if v.Message == "" {
		if v.Expected != "" && v.Found != "" {
			v.Message = "expected " + v.Expected + ", got " + v.Found
		} else {
			v.Message = fmt.Sprintf("does not match %q", e.SchemaField)
		}
	}
	return append(out, v)
}

// bound describes the limit a schema sets with field: ">= 0", "length <= 64".
func bound(field string, s *openapi3.Schema) string {
	num := func(f *float64) string {
		if f == nil {
			return "?"
		}
		return strconv.FormatFloat(*f, 'g', -1, 64)
	}
	count := func(n uint64) string { return strconv.FormatUint(n, 10) }
	countPtr := func(n *uint64) string {
		if n == nil {
			return "?"
		}
		return count(*n)
	}
	switch field {
	case "minimum":
		return ">= " + num(s.Min)
	case "maximum":
		return "<= " + num(s.Max)
	case "minLength":
		return "length >= " + count(s.MinLength)
	case "maxLength":
		return "length <= " + countPtr(s.MaxLength)
	case "minItems":
		return "length >= " + count(s.MinItems)
	default:
		return "length <= " + countPtr(s.MaxItems)
	}
}

// length is the length of a string (in characters) or an array.
func length(v any) int {
	switch x := v.(type) {
	case string:
		return utf8.RuneCountInString(x)
	case []any:
		return len(x)
	}
	return 0
}

// location joins prefix and a JSON pointer made of path: "body /profile/credits", or "body" for the root.
func location(prefix string, path []string) string {
	if len(path) == 0 {
		return prefix
	}
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteByte(' ')
	for _, p := range path {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(p, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// forbiddenPresent returns the properties of value that a "not" of schema forbids, for the common form
// not: {anyOf: [{required: [a]}, {required: [b]}]} (or not: {required: [a, b]}).
func forbiddenPresent(schema *openapi3.Schema, value any) []string {
	obj, ok := value.(map[string]any)
	if !ok || schema == nil || schema.Not == nil || schema.Not.Value == nil {
		return nil
	}
	not := schema.Not.Value
	candidates := slices.Clone(not.Required)
	for _, ref := range not.AnyOf {
		if ref.Value != nil {
			candidates = append(candidates, ref.Value.Required...)
		}
	}
	var names []string
	for _, name := range candidates {
		if _, ok := obj[name]; ok && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// typeName returns the type a schema declares, "string|null" for a nullable one.
func typeName(s *openapi3.Schema) string {
	if s == nil || s.Type == nil || len(*s.Type) == 0 {
		return "any"
	}
	name := strings.Join(s.Type.Slice(), "|")
	if s.Nullable {
		name += "|null"
	}
	return name
}

// jsonType returns the JSON type of a decoded value.
func jsonType(v any) string {
	switch n := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if _, err := n.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case float64:
		if n == math.Trunc(n) {
			return "integer"
		}
		return "number"
	case int, int64, int32:
		return "integer"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	default:
		return fmt.Sprintf("%T", v)
	}
}

// preview renders a value as short JSON, cut at 40 bytes.
func preview(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return jsonType(v)
	}
	const max = 40
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// enumList renders the allowed values of an enum as JSON, comma separated.
func enumList(values []any) string {
	parts := make([]string, 0, len(values))
	for _, v := range values {
		parts = append(parts, preview(v))
	}
	return strings.Join(parts, ", ")
}
