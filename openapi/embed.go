// Package openapi holds the Pria and Authiqa specs, the single source of truth of the project,
// embedded so the mock can serve and load them as they are written.
package openapi

import (
	"embed"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// FS holds pria.yaml and authiqa.yaml.
//
//go:embed *.yaml
var FS embed.FS

// Names of the two APIs, which are also their files' base names.
const (
	Pria    = "pria"
	Authiqa = "authiqa"
)

// Load parses and validates the spec of the API called name ("pria" or "authiqa"). Each call
// returns a new document that the caller may keep.
func Load(name string) (*openapi3.T, error) {
	b, err := FS.ReadFile(name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no spec for api %q", name)
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		return nil, fmt.Errorf("loading the %s spec: %w", name, err)
	}
	return doc, nil
}
