package validator

import (
	"errors"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// Option configures a Validator built by New.
type Option func(*config)

type config struct {
	formats bool
	// verdicts bounds the verdict memo; nil means DefaultVerdicts.
	verdicts *int
}

// WithVerdicts bounds the memo of JSON response bodies already validated (DefaultVerdicts by
// default); 0 turns it off, so that every body is decoded and visited, as a benchmark of the
// validation itself needs. Only bodies of at most 16 KiB are remembered.
func WithVerdicts(n int) Option {
	return func(c *config) { c.verdicts = &n }
}

// WithFormatValidation also checks the string formats that kin-openapi leaves unchecked by default,
// "email" and "uuid". The formats "date", "date-time", "byte", "ipv4" and "ipv6" are always checked.
// Off by default: the specs' own examples carry placeholders such as "<string>" in uuid fields.
func WithFormatValidation() Option {
	return func(c *config) { c.formats = true }
}

// CheckEmail reports whether s is an address as JSON Schema's "email" format means it (RFC 5321's
// Mailbox): a bare address, no display name or angle brackets, ASCII only (non-ASCII addresses are
// "idn-email"), a local part of at most 64 characters and at most 254 in all.
func CheckEmail(s string) error {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return errors.New("not an ASCII address")
		}
	}
	a, err := mail.ParseAddress(s)
	switch {
	case err != nil:
		return err
	case a.Name != "" || a.Address != s:
		return errors.New("not a bare address")
	case len(s) > 254:
		return errors.New("longer than 254 characters")
	case strings.LastIndexByte(s, '@') > 64:
		return errors.New("local part longer than 64 characters")
	}
	return nil
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// formatValidators are passed per validation, so that kin-openapi's global format table stays untouched.
func formatValidators() map[string]openapi3.StringFormatValidator {
	return map[string]openapi3.StringFormatValidator{
		"email": openapi3.NewCallbackValidator(CheckEmail),
		"uuid":  openapi3.NewRegexpFormatValidator(uuidPattern.String()),
	}
}
