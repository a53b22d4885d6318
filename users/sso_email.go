package users

import (
	"github.com/brianvoe/gofakeit/v7/data"
)

// SSOEmail returns the email address the identity provider vouches for behind an SSO authorization
// code: "first.last@school.edu", stable for a code under a seed. The code is taken as is, not
// lower-cased: codes are opaque and case-sensitive.
func (g *Generator) SSOEmail(code string) string {
	f := g.stream(nsSSO, code)
	who := drawPerson(f)
	school := pick(f, data.School["name"])
	var buf [96]byte
	b := appendSlug(buf[:0], who.first)
	b = append(b, '.')
	b = appendSlug(b, who.last)
	b = append(b, '@')
	b = appendSlug(b, school)
	b = append(b, ".edu"...)
	return string(b)
}
