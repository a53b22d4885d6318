package validator

import (
	"net/mail"
	"regexp"

	"github.com/getkin/kin-openapi/openapi3"
)

// Option configures a Validator built by New.
type Option func(*config)

type config struct {
	formats bool
}

// WithFormatValidation also checks the string formats that kin-openapi leaves unchecked by default,
// "email" and "uuid". The formats "date", "date-time", "byte", "ipv4" and "ipv6" are always checked.
// Off by default: the specs' own examples carry placeholders such as "<string>" in uuid fields.
func WithFormatValidation() Option {
	return func(c *config) { c.formats = true }
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// formatValidators are passed per validation, so that kin-openapi's global format table stays untouched.
func formatValidators() map[string]openapi3.StringFormatValidator {
	return map[string]openapi3.StringFormatValidator{
		"email": openapi3.NewCallbackValidator(func(s string) error {
			_, err := mail.ParseAddress(s)
			return err
		}),
		"uuid": openapi3.NewRegexpFormatValidator(uuidPattern.String()),
	}
}
