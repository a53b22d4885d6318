package users

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"authmock/gen/pria"
	"authmock/memo"
)

var memoEmails = []string{"john.doe@mydomain.com", "Jane.Smith@Example.ORG", "a@b.co", "x+tag@sub.domain.io"}

// The memoized encodings are exactly encoding/json's of the users PriaProfile, PriaRefreshedProfile
// and AuthiqaUser build, on the first call and from the cache.
func TestMemoizedEncodings(t *testing.T) {
	g := New(7)
	for _, email := range memoEmails {
		for _, typ := range []pria.AccountType{pria.User, pria.Admin, pria.Super} {
			for round := range 2 {
				got, err := g.PriaJSON(email, typ)
				if err != nil {
					t.Fatal(err)
				}
				p, r := g.PriaProfile(email, typ), g.PriaRefreshedProfile(email, typ)
				if got.Profile != mustJSON(t, p) || got.Refreshed != mustJSON(t, r) {
					t.Errorf("round %d, %s %s: the memoized profiles are not the generated ones", round, email, typ)
				}
				if got.ID != g.UserID(email) || got.CustomerID != g.CustomerID(email) {
					t.Errorf("round %d, %s: ids %s %s, want %s %s", round, email, got.ID, got.CustomerID, g.UserID(email), g.CustomerID(email))
				}
			}
		}
		for _, child := range []bool{false, true} {
			d, _ := g.authiqaUser(email, child)
			want := string(d.encode())
			for round := range 2 {
				if got := g.AuthiqaJSON(email, child); got != want {
					t.Errorf("round %d, %s child=%v: AuthiqaJSON is not the generated user", round, email, child)
				}
				if got := mustJSON(t, g.AuthiqaUser(email, child)); got != want {
					t.Errorf("round %d, %s child=%v: AuthiqaUser is not the generated user", round, email, child)
				}
			}
		}
	}
}

// A caller that overwrites the union it got does not change what the next caller gets: the union
// holds a copy of the memoized bytes.
func TestAuthiqaUserIsACopy(t *testing.T) {
	g := New(7)
	const email = "john.doe@mydomain.com"
	want := g.AuthiqaJSON(email, false)
	u := g.AuthiqaUser(email, false)
	if err := u.UnmarshalJSON([]byte(`{"userID":"changed"}`)); err != nil { // reuses the union's bytes
		t.Fatal(err)
	}
	if got := mustJSON(t, g.AuthiqaUser(email, false)); got != want {
		t.Errorf("a change to one user shows in the next:\n%s", got)
	}
}

// Concurrent callers, more users than the memo holds: each gets its own user (run with -race).
func TestMemoConcurrent(t *testing.T) {
	g := New(7)
	g.authiqaJSON = memo.New[memoKey, string](8)
	want := make(map[string]string)
	for i := range 32 {
		email := fmt.Sprintf("user%d@example.com", i)
		d, _ := g.authiqaUser(email, false)
		want[email] = string(d.encode())
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				email := fmt.Sprintf("user%d@example.com", (i*7+w)%32)
				if got := g.AuthiqaJSON(email, false); got != want[email] {
					t.Errorf("%s: got another user", email)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := g.authiqaJSON.Len(); n > 8 {
		t.Errorf("memo holds %d users, over its bound 8", n)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// BenchmarkPriaJSON is what signin and refresh spend on the user: cold is a user drawn and encoded
// (a Generator without memo), warm the memo's answer.
func BenchmarkPriaJSON(b *testing.B) {
	for _, bc := range []struct {
		name string
		g    *Generator
	}{{"cold", &Generator{seed: 1}}, {"warm", New(1)}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := bc.g.PriaJSON(memoEmails[i%len(memoEmails)], pria.User); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkAuthiqaJSON is what user-profile spends on the user, cold and warm as above.
func BenchmarkAuthiqaJSON(b *testing.B) {
	for _, bc := range []struct {
		name string
		g    *Generator
	}{{"cold", &Generator{seed: 1}}, {"warm", New(1)}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				bc.g.AuthiqaJSON(memoEmails[i%len(memoEmails)], i%2 == 0)
				i++
			}
		})
	}
}
