package users

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"strings"

	"github.com/brianvoe/gofakeit/v7"

	"authmock/memo"
)

// Generator makes stable fake users from a seed. It is safe for concurrent use. Its users depend on
// nothing but the seed, so it memoizes the encoded ones (PriaJSON, AuthiqaJSON) in bounded caches.
type Generator struct {
	seed int64

	priaJSON    *memo.Map[memoKey, PriaJSON]
	authiqaJSON *memo.Map[memoKey, string]
}

// maxMemoized bounds each cache of encoded users: a few KiB each, so at most a few MiB in all.
const maxMemoized = 256

// New returns a Generator for seed.
func New(seed int64) *Generator {
	return &Generator{
		seed:        seed,
		priaJSON:    memo.New[memoKey, PriaJSON](maxMemoized),
		authiqaJSON: memo.New[memoKey, string](maxMemoized),
	}
}

// memoKey names a memoized user: the email as given (the profiles write it so) and its variant.
type memoKey struct {
	email, variant string
}

// worldNow is the present of the generated world (2026-01-01T00:00:00Z, Unix seconds). Dates are
// drawn relative to it, never to time.Now, so that a user reads the same after every restart.
const worldNow int64 = 1767225600

const day int64 = 24 * 60 * 60

// The namespaces of the random streams. Changing one changes every user drawn from it.
const (
	nsUser         = "user"
	nsInstitution  = "pria-institution"
	nsOrganization = "authiqa-organization"
	nsSSO          = "sso-code"
)

// stream returns the random stream of key in namespace ns under the generator's seed. The stream's
// seed is a SHA-256 of the three, stable across processes (hash/maphash is not). The faker is built
// unlocked on its own PCG rather than with gofakeit.New, which takes a mutex on every draw and reads
// a seed of 0 as "seed from crypto/rand": each stream belongs to one call, never shared.
func (g *Generator) stream(ns, key string) *gofakeit.Faker {
	var buf [128]byte
	b := binary.LittleEndian.AppendUint64(buf[:0], uint64(g.seed))
	b = append(b, ns...)
	b = append(b, 0)
	b = append(b, key...)
	sum := sha256.Sum256(b)
	src := rand.NewPCG(binary.LittleEndian.Uint64(sum[0:8]), binary.LittleEndian.Uint64(sum[8:16]))
	return gofakeit.NewFaker(src, false)
}

// identity is the key of a user: the email lower-cased and trimmed, so that " John.Doe@X.com" and
// "john.doe@x.com" are one user.
func identity(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// domainOf returns the part of an identity after its last '@', or "" when it has none.
func domainOf(id string) string {
	i := strings.LastIndexByte(id, '@')
	if i < 0 {
		return ""
	}
	return id[i+1:]
}

// person is the name of a user. Both APIs draw it first from the user's stream, so that one email is
// one person in Pria and in Authiqa.
type person struct {
	first, last string
}

func drawPerson(f *gofakeit.Faker) person {
	return person{first: f.FirstName(), last: f.LastName()}
}
