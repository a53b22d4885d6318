package users

import (
	"strings"

	"github.com/brianvoe/gofakeit/v7"
)

// The alphabets of the generated identifiers.
const (
	digits     = "0123456789"
	hexLower   = "0123456789abcdef"
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	mixedAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	// crockfordLower is the lower-case Crockford base32 alphabet of ULIDs.
	crockfordLower = "0123456789abcdefghjkmnpqrstvwxyz"
)

// between returns an int in [lo, hi].
func between(f *gofakeit.Faker, lo, hi int) int {
	return lo + f.IntN(hi-lo+1)
}

// unixBetween returns a Unix time in seconds in [lo, hi].
func unixBetween(f *gofakeit.Faker, lo, hi int64) int64 {
	return lo + int64(f.IntN(int(hi-lo+1)))
}

// chance reports true with a probability of pct in a hundred.
func chance(f *gofakeit.Faker, pct int) bool {
	return f.IntN(100) < pct
}

// pick returns one element of list.
func pick[T any](f *gofakeit.Faker, list []T) T {
	return list[f.IntN(len(list))]
}

// token returns prefix followed by n characters drawn from alphabet, which has at most 64 characters.
func token(f *gofakeit.Faker, prefix, alphabet string, n int) string {
	var sb strings.Builder
	sb.Grow(len(prefix) + n)
	sb.WriteString(prefix)
	appendToken(&sb, f, alphabet, n)
	return sb.String()
}

// appendToken writes n characters drawn from alphabet, which has at most 64 characters, to sb. One
// draw gives eight characters, read as base-len(alphabet) digits: they use at most 48 of its 64 bits,
// which keeps the bias of the remainder below one in 65,536.
func appendToken(sb *strings.Builder, f *gofakeit.Faker, alphabet string, n int) {
	base := uint64(len(alphabet))
	for n > 0 {
		x := f.Uint64()
		for i := 0; i < 8 && n > 0; i++ {
			sb.WriteByte(alphabet[x%base])
			x /= base
			n--
		}
	}
}

// appendSlug appends the letters and digits of s, lower-cased, to b: "Pleasant View" gives
// "pleasantview".
func appendSlug(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b = append(b, c)
		}
	}
	return b
}

// slug returns the letters and digits of s, lower-cased.
func slug(s string) string {
	var buf [64]byte
	return string(appendSlug(buf[:0], s))
}
