package users

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/brianvoe/gofakeit/v7"
	openapi_types "github.com/oapi-codegen/runtime/types"
)

// objectID returns a MongoDB ObjectId (24 lower-case hex digits) whose leading four bytes are the
// creation time, as MongoDB's are.
func objectID(f *gofakeit.Faker, created int64) string {
	var raw [12]byte
	binary.BigEndian.PutUint32(raw[:4], uint32(created))
	binary.BigEndian.PutUint64(raw[4:], f.Uint64())
	var text [24]byte
	hex.Encode(text[:], raw[:])
	return string(text[:])
}

// uuidV4 returns a random (version 4, RFC 4122 variant) UUID.
func uuidV4(f *gofakeit.Faker) openapi_types.UUID {
	var u openapi_types.UUID
	binary.BigEndian.PutUint64(u[:8], f.Uint64())
	binary.BigEndian.PutUint64(u[8:], f.Uint64())
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

// stripeCustomerID returns a Stripe customer id: "cus_" and 14 letters or digits.
func stripeCustomerID(f *gofakeit.Faker) string {
	return token(f, "cus_", mixedAlnum, 14)
}

// stripeAccount is the Stripe account the generated invoices are issued from (Stripe's
// documentation example account).
const stripeAccount = "acct_1032D82eZvKYlo2C"

// stripeInvoiceURLs returns n hosted-invoice URLs; n = 0 gives an empty list, never nil, so that it
// is written as [].
func stripeInvoiceURLs(f *gofakeit.Faker, n int) []string {
	urls := make([]string, n)
	for i := range urls {
		urls[i] = token(f, "https://invoice.stripe.com/i/"+stripeAccount+"/live_", mixedAlnum, 48)
	}
	return urls
}

// authiqaUserID returns an Authiqa user id: "USR_" and 20 lower-case letters or digits.
func authiqaUserID(f *gofakeit.Faker) string {
	return token(f, "USR_", lowerAlnum, 20)
}

// authiqaPublicKey returns an Authiqa public API key shaped like the page's
// "APK_abc123def456_1234567890": twelve lower-case letters or digits, then the Unix time the key was
// created at.
func authiqaPublicKey(f *gofakeit.Faker, created int64) string {
	var sb strings.Builder
	sb.Grow(4 + 12 + 1 + 10)
	sb.WriteString("APK_")
	appendToken(&sb, f, lowerAlnum, 12)
	sb.WriteByte('_')
	var num [20]byte
	sb.Write(strconv.AppendInt(num[:0], created, 10))
	return sb.String()
}

// googleClientID returns a Google OAuth client id: a 12-digit project number, a dash, 32 lower-case
// letters or digits and ".apps.googleusercontent.com".
func googleClientID(f *gofakeit.Faker) string {
	const suffix = ".apps.googleusercontent.com"
	var sb strings.Builder
	sb.Grow(12 + 1 + 32 + len(suffix))
	sb.WriteByte(digits[1+f.IntN(9)])
	appendToken(&sb, f, digits, 11)
	sb.WriteByte('-')
	appendToken(&sb, f, lowerAlnum, 32)
	sb.WriteString(suffix)
	return sb.String()
}

// googleAccountID returns a Google account id: 21 digits, the first a 1.
func googleAccountID(f *gofakeit.Faker) string {
	return token(f, "1", digits, 20)
}
