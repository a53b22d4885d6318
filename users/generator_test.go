package users_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sync"
	"testing"

	"authmock/gen/pria"
	"authmock/users"
)

// mustMarshal returns the JSON of v.
func mustMarshal(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshalling %T: %v", v, err)
	}
	return b
}

// A pinned value of each derivation: a change to how users are drawn must fail here, and be made on
// purpose, since it changes every user of every world.
func TestGoldenValues(t *testing.T) {
	const email = "john.doe@mydomain.com"
	tests := []struct {
		name string
		got  func(g *users.Generator) string
		want map[int64]string
	}{
		{
			name: "ok, UserID",
			got:  func(g *users.Generator) string { return g.UserID(email) },
			want: map[int64]string{1: "63d5c427fe7478d432689eee", 42: "657f84365819d020cbf509a9"},
		},
		{
			name: "ok, CustomerID",
			got:  func(g *users.Generator) string { return g.CustomerID(email) },
			want: map[int64]string{1: "cus_2MHYkS9A4CALFv", 42: "cus_jvCgjLbCoveUDX"},
		},
		{
			name: "ok, AuthiqaUserID",
			got:  func(g *users.Generator) string { return g.AuthiqaUserID(email) },
			want: map[int64]string{1: "USR_m5afirnmwcja3rnos84y", 42: "USR_c6pu2febzeaa7obv797y"},
		},
		{
			name: "ok, SSOEmail",
			got:  func(g *users.Generator) string { return g.SSOEmail("abc") },
			want: map[int64]string{1: "roman.price@greenwood.edu", 42: "sydney.duncan@crestwood.edu"},
		},
		{
			name: "ok, names",
			got: func(g *users.Generator) string {
				p := g.PriaProfile(email, pria.User)
				return *p.Fname + " " + *p.Lname
			},
			want: map[int64]string{1: "Mike Russell", 42: "Anastasia Powell"},
		},
		{
			name: "ok, institution",
			got: func(g *users.Generator) string {
				return *g.PriaProfile(email, pria.User).Institution.Name
			},
			want: map[int64]string{1: "Pineville College", 42: "Pineville University"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for seed, want := range tt.want {
				if got := tt.got(users.New(seed)); got != want {
					t.Errorf("seed %d: got %q, want %q", seed, got, want)
				}
			}
		})
	}
}

func TestSameSeedSameUser(t *testing.T) {
	for _, seed := range testSeeds {
		for _, email := range testEmails {
			a, b := users.New(seed), users.New(seed)
			t.Run(email, func(t *testing.T) {
				for _, accountType := range testAccountTypes {
					pa, pb := a.PriaProfile(email, accountType), b.PriaProfile(email, accountType)
					if !reflect.DeepEqual(pa, pb) {
						t.Errorf("seed %d, %s: two PriaProfiles differ", seed, accountType)
					}
					if ja, jb := mustMarshal(t, pa), mustMarshal(t, pb); !bytes.Equal(ja, jb) {
						t.Errorf("seed %d, %s: PriaProfile JSON differs:\n%s\n%s", seed, accountType, ja, jb)
					}
					ra, rb := a.PriaRefreshedProfile(email, accountType), b.PriaRefreshedProfile(email, accountType)
					if ja, jb := mustMarshal(t, ra), mustMarshal(t, rb); !bytes.Equal(ja, jb) {
						t.Errorf("seed %d, %s: PriaRefreshedProfile JSON differs:\n%s\n%s", seed, accountType, ja, jb)
					}
				}
				for _, child := range []bool{false, true} {
					ja, jb := mustMarshal(t, a.AuthiqaUser(email, child)), mustMarshal(t, b.AuthiqaUser(email, child))
					if !bytes.Equal(ja, jb) {
						t.Errorf("seed %d, child %v: AuthiqaUser JSON differs:\n%s\n%s", seed, child, ja, jb)
					}
				}
				if a.SSOEmail(email) != b.SSOEmail(email) {
					t.Errorf("seed %d: SSOEmail differs", seed)
				}
			})
		}
	}
}

func TestIdentityIgnoresCaseAndSpace(t *testing.T) {
	g := users.New(1)
	tests := []struct{ name, variant string }{
		{"ok, upper case", "JOHN.DOE@MYDOMAIN.COM"},
		{"ok, mixed case", "John.Doe@MyDomain.com"},
		{"ok, surrounding space", "  john.doe@mydomain.com\t"},
	}
	const email = "john.doe@mydomain.com"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, got := g.PriaProfile(email, pria.Admin), g.PriaProfile(tt.variant, pria.Admin)
			if string(got.Email) != tt.variant {
				t.Errorf("email = %q, want it as given, %q", got.Email, tt.variant)
			}
			got.Email = want.Email
			if !reflect.DeepEqual(got, want) {
				t.Errorf("profile of %q differs from that of %q", tt.variant, email)
			}
			if g.UserID(tt.variant) != g.UserID(email) || g.CustomerID(tt.variant) != g.CustomerID(email) ||
				g.AuthiqaUserID(tt.variant) != g.AuthiqaUserID(email) {
				t.Errorf("ids of %q differ from those of %q", tt.variant, email)
			}
			pa, pb := toJSON(t, g.AuthiqaUser(tt.variant, true)), toJSON(t, g.AuthiqaUser(email, true))
			if pa["email"] != tt.variant {
				t.Errorf("Authiqa email = %v, want it as given, %q", pa["email"], tt.variant)
			}
			pa["email"] = email
			if !reflect.DeepEqual(pa, pb) {
				t.Errorf("Authiqa user of %q differs from that of %q", tt.variant, email)
			}
		})
	}
}

func TestDifferentSeedDifferentWorld(t *testing.T) {
	a, b := users.New(1), users.New(2)
	for _, email := range testEmails {
		t.Run(email, func(t *testing.T) {
			pa, pb := a.PriaProfile(email, pria.User), b.PriaProfile(email, pria.User)
			if pa.UnderscoreId == pb.UnderscoreId {
				t.Errorf("_id %s under both seeds", pa.UnderscoreId)
			}
			if *pa.Fname+" "+*pa.Lname == *pb.Fname+" "+*pb.Lname {
				t.Errorf("name %s %s under both seeds", *pa.Fname, *pa.Lname)
			}
			if *pa.CustomerId == *pb.CustomerId {
				t.Errorf("customerId %s under both seeds", *pa.CustomerId)
			}
			if a.AuthiqaUserID(email) == b.AuthiqaUserID(email) {
				t.Errorf("userID %s under both seeds", a.AuthiqaUserID(email))
			}
			if a.SSOEmail(email) == b.SSOEmail(email) {
				t.Errorf("SSOEmail %s under both seeds", a.SSOEmail(email))
			}
		})
	}
}

func TestDifferentEmailsDifferentUsers(t *testing.T) {
	g := users.New(1)
	seen := map[string]string{}
	for _, email := range testEmails {
		for _, id := range []string{g.UserID(email), g.CustomerID(email), g.AuthiqaUserID(email)} {
			if other, ok := seen[id]; ok {
				t.Errorf("%s and %s share the id %s", other, email, id)
			}
			seen[id] = email
		}
	}
}

// The generator is used by every request at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	g := users.New(1)
	const email = "john.doe@mydomain.com"
	wantPria := mustMarshal(t, g.PriaRefreshedProfile(email, pria.Admin))
	wantAuthiqa := mustMarshal(t, g.AuthiqaUser(email, false))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				// json.Marshal, not mustMarshal: t.Fatal must not be called off the test's goroutine.
				got, err := json.Marshal(g.PriaRefreshedProfile(email, pria.Admin))
				if err != nil || !bytes.Equal(got, wantPria) {
					t.Errorf("concurrent PriaRefreshedProfile differs: %v\n%s", err, got)
					return
				}
				got, err = json.Marshal(g.AuthiqaUser(email, false))
				if err != nil || !bytes.Equal(got, wantAuthiqa) {
					t.Errorf("concurrent AuthiqaUser differs: %v\n%s", err, got)
					return
				}
			}
		})
	}
	wg.Wait()
}
