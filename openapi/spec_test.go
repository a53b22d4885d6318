package openapi

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func loadAll(t *testing.T) map[string]*openapi3.T {
	t.Helper()
	docs := map[string]*openapi3.T{}
	for _, name := range []string{Pria, Authiqa} {
		doc, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs[name] = doc
	}
	return docs
}

func TestLoadUnknown(t *testing.T) {
	if _, err := Load("other"); err == nil || err.Error() != `no spec for api "other"` {
		t.Errorf("err = %v", err)
	}
}

// example is one example body and the schema it illustrates.
type example struct {
	where  string
	value  any
	schema *openapi3.Schema
}

func examplesOf(doc *openapi3.T) []example {
	var out []example
	add := func(where string, mt *openapi3.MediaType) {
		if mt == nil || mt.Schema == nil {
			return
		}
		if mt.Example != nil {
			out = append(out, example{where, mt.Example, mt.Schema.Value})
		}
		for name, ex := range mt.Examples {
			out = append(out, example{where + " example " + name, ex.Value.Value, mt.Schema.Value})
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody != nil {
				add(method+" "+path+" request", op.RequestBody.Value.Content.Get("application/json"))
			}
			for code, ref := range op.Responses.Map() {
				add(fmt.Sprintf("%s %s %s", method, path, code), ref.Value.Content.Get("application/json"))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].where < out[j].where })
	return out
}

// TestExamplesValidate checks every example against its schema, formats included.
func TestExamplesValidate(t *testing.T) {
	openapi3.DefineStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail))
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC4122))
	defer func() {
		delete(openapi3.SchemaStringFormats, "email")
		delete(openapi3.SchemaStringFormats, "uuid")
	}()
	n := 0
	for name, doc := range loadAll(t) {
		for _, ex := range examplesOf(doc) {
			n++
			if err := ex.schema.VisitJSON(roundTrip(t, ex.value), openapi3.MultiErrors()); err != nil {
				t.Errorf("%s %s: %v", name, ex.where, err)
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d examples found", n)
	}
}

// TestExampleFieldsDeclared checks that every field of every example, the pages' own bodies, is a
// property the schema declares: a field on a page and not in the spec fails here.
func TestExampleFieldsDeclared(t *testing.T) {
	for name, doc := range loadAll(t) {
		for _, ex := range examplesOf(doc) {
			for _, p := range undeclared(ex.schema, roundTrip(t, ex.value), "") {
				t.Errorf("%s %s: %s is not declared", name, ex.where, p)
			}
		}
	}
}

// TestSeedFieldsDeclared reads the example bodies straight from the reference pages, when the
// pages are beside the repository, and checks every field they show is declared.
func TestSeedFieldsDeclared(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "seeds")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("reference pages not beside the repository (%s)", dir)
	}
	docs := loadAll(t)
	pria := func(n string) *openapi3.Schema { return docs[Pria].Components.Schemas[n].Value }
	authiqa := func(n string) *openapi3.Schema { return docs[Authiqa].Components.Schemas[n].Value }
	pages := []struct {
		file   string
		skip   int // JSON objects before the one wanted (request bodies)
		schema *openapi3.Schema
	}{
		{"000_54e003cf52b99e87.txt", 0, pria("RefreshResult")},
		{"001_d2e7dcbf8e35e057.txt", 1, pria("AuthResult")},
		{"002_e75feb03825bfe72.txt", 1, pria("SsoResult")},
		{"003_ca769790fcb4bf20.txt", 1, nil}, // merged variants: checked field by field below
		{"004_f0e6998cbc1ff493.txt", 0, authiqa("ParentUser")},
	}
	for _, p := range pages {
		b, err := os.ReadFile(filepath.Join(dir, p.file))
		if err != nil {
			t.Fatal(err)
		}
		v := nthObject(t, string(b), p.skip)
		if p.schema == nil {
			m := v.(map[string]any)
			mfa := map[string]any{}
			for _, k := range []string{"mfaRequired", "challengeId", "maskedEmail", "mandatorySuper"} {
				mfa[k] = m[k]
				delete(m, k)
			}
			for _, path := range undeclared(pria("MfaChallenge"), mfa, "") {
				t.Errorf("%s: %s is not declared", p.file, path)
			}
			p.schema = pria("AuthResult")
		}
		for _, path := range undeclared(p.schema, v, "") {
			t.Errorf("%s: %s is not declared", p.file, path)
		}
	}
}

// nthObject returns the JSON object after skipping n of them in a page's text.
func nthObject(t *testing.T, text string, n int) any {
	t.Helper()
	for i := 0; ; i++ {
		start := strings.Index(text, "{")
		if start < 0 {
			t.Fatal("no JSON object in the page")
		}
		dec := json.NewDecoder(strings.NewReader(text[start:]))
		var v any
		if err := dec.Decode(&v); err != nil {
			text = text[start+1:]
			i--
			continue
		}
		if i == n {
			return v
		}
		text = text[start+int(dec.InputOffset()):]
	}
}

func roundTrip(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// undeclared returns the JSON pointers of the values in v that s does not declare.
func undeclared(s *openapi3.Schema, v any, at string) []string {
	if s == nil {
		return nil
	}
	if len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		var best []string
		for i, ref := range append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...) {
			got := undeclared(ref.Value, v, at)
			if i == 0 || len(got) < len(best) {
				best = got
			}
		}
		return best
	}
	switch v := v.(type) {
	case map[string]any:
		var out []string
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			prop := property(s, k)
			if prop == nil {
				out = append(out, at+"/"+k)
				continue
			}
			out = append(out, undeclared(prop, v[k], at+"/"+k)...)
		}
		return out
	case []any:
		var out []string
		for i, e := range v {
			for _, sub := range flatten(s) {
				if sub.Items != nil {
					out = append(out, undeclared(sub.Items.Value, e, fmt.Sprintf("%s/%d", at, i))...)
					break
				}
			}
		}
		return out
	}
	return nil
}

// property finds the schema of property k of s, through allOf and additionalProperties.
func property(s *openapi3.Schema, k string) *openapi3.Schema {
	for _, sub := range flatten(s) {
		if p, ok := sub.Properties[k]; ok {
			return p.Value
		}
	}
	for _, sub := range flatten(s) {
		if ap := sub.AdditionalProperties.Schema; ap != nil {
			return ap.Value
		}
		if has := sub.AdditionalProperties.Has; sub.Type.Is("object") && len(sub.Properties) == 0 && (has == nil || *has) {
			return &openapi3.Schema{} // a free-form object, such as {} on the pages
		}
	}
	return nil
}

func flatten(s *openapi3.Schema) []*openapi3.Schema {
	out := []*openapi3.Schema{s}
	for _, ref := range s.AllOf {
		out = append(out, flatten(ref.Value)...)
	}
	return out
}

func TestUndeclaredFindsStrayFields(t *testing.T) {
	docs := loadAll(t)
	s := docs[Pria].Components.Schemas["AuthResult"].Value
	v := map[string]any{"token": "x", "bogus": 1, "profile": map[string]any{"_id": "a", "institution": map[string]any{"name": "n", "stray": true}, "permissions": []any{"p"}}}
	got := undeclared(s, v, "")
	if want := []string{"/bogus", "/profile/institution/stray"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("undeclared = %v, want %v", got, want)
	}
	child := docs[Authiqa].Components.Schemas["AuthiqaUser"].Value
	if got := undeclared(child, map[string]any{"accountType": "child", "authUrls": nil, "nope": 1}, ""); fmt.Sprint(got) != "[/nope]" {
		t.Errorf("oneOf: undeclared = %v", got)
	}
}
