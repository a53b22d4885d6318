package users_test

import (
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"authmock/gen/pria"
	"authmock/users"

	"github.com/getkin/kin-openapi/openapi3"
)

// The fixed inputs the schema tests go through.
var (
	testSeeds  = []int64{1, 2, -7, 0, math.MaxInt64}
	testEmails = []string{
		"john.doe@mydomain.com",
		"Jane.Smith@Example.ORG",
		"a@b.co",
		"student42@maplewood.edu",
		"x+tag@sub.domain.io",
		"colleague@mydomain.com",
	}
	testAccountTypes = []pria.AccountType{pria.User, pria.Admin, pria.Super}
)

var (
	specsOnce sync.Once
	specs     map[string]openapi3.Schemas
	specsErr  error
)

// schema returns the component schema name of the spec file (under ../openapi), loaded once.
func schema(t testing.TB, file, name string) *openapi3.Schema {
	t.Helper()
	specsOnce.Do(func() {
		specs = map[string]openapi3.Schemas{}
		for _, f := range []string{"pria.yaml", "authiqa.yaml"} {
			loader := openapi3.NewLoader()
			doc, err := loader.LoadFromFile(filepath.Join("..", "openapi", f))
			if err == nil {
				err = doc.Validate(loader.Context)
			}
			if err != nil {
				specsErr = err
				return
			}
			specs[f] = doc.Components.Schemas
		}
	})
	if specsErr != nil {
		t.Fatalf("loading the specs: %v", specsErr)
	}
	ref, ok := specs[file][name]
	if !ok || ref.Value == nil {
		t.Fatalf("%s has no schema %s", file, name)
	}
	return ref.Value
}

// visitOptions validate as a response would be, with the formats the specs use: date-time is
// built in; email and uuid are opted into here.
var visitOptions = []openapi3.SchemaValidationOption{
	openapi3.VisitAsResponse(),
	openapi3.MultiErrors(),
	openapi3.EnableFormatValidation(),
	openapi3.WithStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)),
	openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC4122)),
}

// toJSON marshals v and decodes it back into generic JSON values.
func toJSON(t testing.TB, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshalling %T: %v", v, err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	return m
}

// properties returns the names of the properties a schema declares, through its allOf.
func properties(s *openapi3.Schema) []string {
	var names []string
	for name := range s.Properties {
		names = append(names, name)
	}
	for _, part := range s.AllOf {
		names = append(names, properties(part.Value)...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// missing returns the names that are not keys of m.
func missing(m map[string]any, names []string) []string {
	var out []string
	for _, name := range names {
		if _, ok := m[name]; !ok {
			out = append(out, name)
		}
	}
	return out
}

func TestPriaProfilesMatchTheSpec(t *testing.T) {
	profile := schema(t, "pria.yaml", "Profile")
	refreshed := schema(t, "pria.yaml", "RefreshedProfile")
	institution := schema(t, "pria.yaml", "Institution")
	for _, seed := range testSeeds {
		g := users.New(seed)
		for _, email := range testEmails {
			for _, accountType := range testAccountTypes {
				p := toJSON(t, g.PriaProfile(email, accountType))
				if err := profile.VisitJSON(p, visitOptions...); err != nil {
					t.Errorf("seed %d, %s, %s: Profile: %v", seed, email, accountType, err)
				}
				if m := missing(p, properties(profile)); m != nil {
					t.Errorf("seed %d, %s, %s: Profile lacks %v", seed, email, accountType, m)
				}
				if m := missing(p["institution"].(map[string]any), properties(institution)); m != nil {
					t.Errorf("seed %d, %s, %s: Institution lacks %v", seed, email, accountType, m)
				}

				r := toJSON(t, g.PriaRefreshedProfile(email, accountType))
				if err := refreshed.VisitJSON(r, visitOptions...); err != nil {
					t.Errorf("seed %d, %s, %s: RefreshedProfile: %v", seed, email, accountType, err)
				}
				if m := missing(r, properties(refreshed)); m != nil {
					t.Errorf("seed %d, %s, %s: RefreshedProfile lacks %v", seed, email, accountType, m)
				}
			}
		}
	}
}

func TestAuthiqaUsersMatchTheSpec(t *testing.T) {
	union := schema(t, "authiqa.yaml", "AuthiqaUser")
	parent := schema(t, "authiqa.yaml", "ParentUser")
	child := schema(t, "authiqa.yaml", "ChildUser")
	for _, seed := range testSeeds {
		g := users.New(seed)
		for _, email := range testEmails {
			p := toJSON(t, g.AuthiqaUser(email, false))
			for name, s := range map[string]*openapi3.Schema{"AuthiqaUser": union, "ParentUser": parent} {
				if err := s.VisitJSON(p, visitOptions...); err != nil {
					t.Errorf("seed %d, %s: parent as %s: %v", seed, email, name, err)
				}
			}
			if m := missing(p, properties(parent)); m != nil {
				t.Errorf("seed %d, %s: parent lacks %v", seed, email, m)
			}

			c := toJSON(t, g.AuthiqaUser(email, true))
			for name, s := range map[string]*openapi3.Schema{"AuthiqaUser": union, "ChildUser": child} {
				if err := s.VisitJSON(c, visitOptions...); err != nil {
					t.Errorf("seed %d, %s: child as %s: %v", seed, email, name, err)
				}
			}
			if m := missing(c, properties(child)); m != nil {
				t.Errorf("seed %d, %s: child lacks %v", seed, email, m)
			}
		}
	}
}

// The validation above must be able to fail: these documents break the schemas on purpose.
func TestSpecValidationRejects(t *testing.T) {
	g := users.New(1)
	const email = "john.doe@mydomain.com"
	tests := []struct {
		name   string
		file   string
		schema string
		doc    func() map[string]any
	}{
		{
			name: "nok, a date that is not RFC 3339", file: "pria.yaml", schema: "Profile",
			doc: func() map[string]any {
				m := toJSON(t, g.PriaProfile(email, pria.User))
				m["trial_end"] = "2026-01-29 00:56:07"
				return m
			},
		},
		{
			name: "nok, a reset code that is not a UUID", file: "pria.yaml", schema: "Profile",
			doc: func() map[string]any {
				m := toJSON(t, g.PriaProfile(email, pria.User))
				m["resetCodeId"] = "reset-me"
				return m
			},
		},
		{
			name: "nok, a refreshed profile with permissions", file: "pria.yaml", schema: "RefreshedProfile",
			doc: func() map[string]any {
				m := toJSON(t, g.PriaRefreshedProfile(email, pria.User))
				m["permissions"] = []any{"chat"}
				return m
			},
		},
		{
			name: "nok, a parent taken for a child", file: "authiqa.yaml", schema: "ChildUser",
			doc: func() map[string]any { return toJSON(t, g.AuthiqaUser(email, false)) },
		},
		{
			name: "nok, a child with a balance", file: "authiqa.yaml", schema: "AuthiqaUser",
			doc: func() map[string]any {
				m := toJSON(t, g.AuthiqaUser(email, true))
				m["accountBalance"] = 1.5
				return m
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := schema(t, tt.file, tt.schema).VisitJSON(tt.doc(), visitOptions...); err == nil {
				t.Errorf("%s accepted the document", tt.schema)
			}
		})
	}
}
