package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

type file struct {
	Scenarios []Scenario `yaml:"scenarios"`
}

var namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Operation describes an operation scenarios can apply to.
type Operation struct {
	// ID is the operation's operationId in its spec.
	ID string
	// API is "pria" or "authiqa": it decides which account types and fields make sense.
	API string
	// Statuses are the response statuses the spec declares; an error outcome must use one.
	Statuses []int
	// Secured operations take a token, so token outcomes apply.
	Secured bool
}

// Load reads the embedded catalogue and then every *.yaml file of each directory in dirs, in name
// order; a scenario from a directory replaces the one of the same name loaded before it, so a
// user's directory can override the embedded catalogue or add to it. Decoding is strict: an unknown
// key, a duplicate name within one directory, an unknown operation or an outcome that cannot happen
// is an error naming the file and line.
func Load(ops []Operation, dirs ...string) (*Catalogue, error) {
	sources := []source{{prefix: "scenarios/", fsys: embedded}}
	for _, dir := range dirs {
		fsys := os.DirFS(dir)
		if _, err := fs.ReadDir(fsys, "."); err != nil {
			return nil, fmt.Errorf("reading scenarios directory: %w", err)
		}
		sources = append(sources, source{prefix: dir + string(filepath.Separator), fsys: fsys})
	}
	return load(ops, sources)
}

type source struct {
	prefix string // put before file names in messages
	fsys   fs.FS
}

func load(ops []Operation, sources []source) (*Catalogue, error) {
	byID := make(map[string]Operation, len(ops))
	for _, op := range ops {
		byID[op.ID] = op
	}
	c := &Catalogue{byName: map[string]*Scenario{}, ops: ops}
	for _, src := range sources {
		names, err := fs.Glob(src.fsys, "*.yaml")
		if err != nil {
			return nil, fmt.Errorf("listing scenario files: %w", err)
		}
		sort.Strings(names)
		seen := map[string]string{}
		for _, name := range names {
			data, err := fs.ReadFile(src.fsys, name)
			if err != nil {
				return nil, fmt.Errorf("reading scenarios: %w", err)
			}
			name = src.prefix + name
			list, err := parse(name, data, byID)
			if err != nil {
				return nil, err
			}
			for i := range list {
				s := &list[i]
				if prev, ok := seen[s.Name]; ok {
					return nil, &LoadError{File: name, Line: s.line, Msg: fmt.Sprintf("scenario %q is already defined in %s", s.Name, prev)}
				}
				seen[s.Name] = name
				c.byName[s.Name] = s
			}
		}
	}
	c.index()
	return c, nil
}

func parse(name string, data []byte, ops map[string]Operation) ([]Scenario, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &LoadError{File: name, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f file
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &LoadError{File: name, Msg: "empty file: want a top-level scenarios list"}
		}
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return nil, &LoadError{File: name, Msg: strings.Join(te.Errors, "; ")}
		}
		return nil, &LoadError{File: name, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if len(f.Scenarios) == 0 {
		return nil, &LoadError{File: name, Msg: "no scenarios: want a top-level scenarios list"}
	}
	items := scenarioNodes(&root)
	for i := range f.Scenarios {
		s := &f.Scenarios[i]
		s.file = name
		if i < len(items) {
			s.line = items[i].Line
		}
		if err := check(s, items, i, ops); err != nil {
			return nil, err
		}
	}
	return f.Scenarios, nil
}

func check(s *Scenario, items []*yaml.Node, i int, ops map[string]Operation) error {
	fail := func(line int, format string, args ...any) error {
		return &LoadError{File: s.file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case s.Name == "":
		return fail(s.line, "scenario without a name")
	case s.Name == Default:
		return fail(s.line, "%q is built in and cannot be redefined", Default)
	case !namePattern.MatchString(s.Name):
		return fail(s.line, "scenario name %q: use lower-case words joined by hyphens", s.Name)
	case strings.TrimSpace(s.Summary) == "":
		return fail(s.line, "scenario %q has no summary", s.Name)
	case len(s.Operations) == 0:
		return fail(s.line, "scenario %q applies to no operation", s.Name)
	}
	for id, o := range s.Operations {
		line := opLine(items, i, id, s.line)
		op, ok := ops[id]
		if !ok {
			return fail(line, "scenario %q: unknown operation %q; operations: %s", s.Name, id, strings.Join(opIDs(ops), ", "))
		}
		if err := checkOutcome(op, o); err != nil {
			return fail(line, "scenario %q, operation %s: %v", s.Name, id, err)
		}
	}
	return nil
}

func checkOutcome(op Operation, o Outcome) error {
	if o.IsError() {
		if http.StatusText(o.Status) == "" || o.Status < 400 {
			return fmt.Errorf("status %d is not an error status", o.Status)
		}
		if !slices.Contains(op.Statuses, o.Status) {
			return fmt.Errorf("status %d is not declared by the spec for this operation (declared: %v)", o.Status, op.Statuses)
		}
		if o.Message == "" {
			return errors.New("an error outcome needs a message")
		}
		if op.API == "authiqa" && o.Code == "" {
			return errors.New("an Authiqa error outcome needs a code")
		}
		if o.Token != "" || o.MFA != "" || o.AccountType != "" || o.Profile != nil {
			return errors.New("an error outcome (status) cannot also set token, mfa, accountType or profile")
		}
		return nil
	}
	if o.Message != "" || o.Code != "" || len(o.Headers) > 0 {
		return errors.New("message, code and headers need a status")
	}
	switch o.Token {
	case "":
	case TokenExpired, TokenInvalid, TokenMissing:
		if !op.Secured {
			return errors.New("token outcomes apply only to secured operations")
		}
	default:
		return fmt.Errorf("token %q: want expired, invalid or missing", o.Token)
	}
	switch o.MFA {
	case "":
	case MFARequired, MFAMandatorySuper:
		if op.ID != "signin" {
			return errors.New("mfa applies only to signin")
		}
	default:
		return fmt.Errorf("mfa %q: want required or mandatory-super", o.MFA)
	}
	if o.AccountType != "" {
		valid := []string{"super", "admin", "user"}
		switch {
		case op.API == "authiqa":
			valid = []string{"parent", "child"}
		case op.ID == "signin" || op.ID == "ssoCallback":
			// An Authiqa persona can be signed into the token, for the Authiqa profile to read.
			valid = append(valid, "child")
		}
		if !slices.Contains(valid, o.AccountType) {
			return fmt.Errorf("accountType %q: want one of %s", o.AccountType, strings.Join(valid, ", "))
		}
	}
	if o.Token == "" && o.MFA == "" && o.AccountType == "" && o.Profile == nil {
		return errors.New("empty outcome: set status, token, mfa, accountType or profile")
	}
	return nil
}

// scenarioNodes returns the YAML nodes of the items of the top-level scenarios list.
func scenarioNodes(root *yaml.Node) []*yaml.Node {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil
	}
	if v := mapValue(root.Content[0], "scenarios"); v != nil && v.Kind == yaml.SequenceNode {
		return v.Content
	}
	return nil
}

// opLine returns the line of operation id in scenario item i, or fallback.
func opLine(items []*yaml.Node, i int, id string, fallback int) int {
	if i >= len(items) {
		return fallback
	}
	if ops := mapValue(items[i], "operations"); ops != nil {
		for k := 0; k+1 < len(ops.Content); k += 2 {
			if ops.Content[k].Value == id {
				return ops.Content[k].Line
			}
		}
	}
	return fallback
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for k := 0; k+1 < len(n.Content); k += 2 {
		if n.Content[k].Value == key {
			return n.Content[k+1]
		}
	}
	return nil
}

func opIDs(ops map[string]Operation) []string {
	ids := make([]string, 0, len(ops))
	for id := range ops {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
