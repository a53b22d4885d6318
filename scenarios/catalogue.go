package scenarios

import (
	"slices"
	"sort"
)

// Catalogue is the set of loaded scenarios. It is read-only once loaded.
type Catalogue struct {
	byName map[string]*Scenario
	ops    []Operation
	sorted []*Scenario         // by name
	valid  map[string][]string // operation ID -> names that apply to it, default first
}

func (c *Catalogue) index() {
	c.sorted = make([]*Scenario, 0, len(c.byName))
	for _, s := range c.byName {
		c.sorted = append(c.sorted, s)
	}
	sort.Slice(c.sorted, func(i, j int) bool { return c.sorted[i].Name < c.sorted[j].Name })
	c.valid = make(map[string][]string, len(c.ops))
	for _, op := range c.ops {
		names := []string{Default}
		for _, s := range c.sorted {
			if _, ok := s.Operations[op.ID]; ok {
				names = append(names, s.Name)
			}
		}
		c.valid[op.ID] = names
	}
}

// Lookup returns the scenario called name.
func (c *Catalogue) Lookup(name string) (*Scenario, bool) {
	s, ok := c.byName[name]
	return s, ok
}

// All returns every scenario, by name. The built-in default is not among them.
func (c *Catalogue) All() []*Scenario { return c.sorted }

// Names returns the names valid for an operation, "default" first.
func (c *Catalogue) Names(operationID string) []string { return c.valid[operationID] }

// Operations returns the operations the catalogue was loaded for.
func (c *Catalogue) Operations() []Operation { return c.ops }

// OperationIDs returns the IDs of the operations the scenario applies to, sorted.
func (s *Scenario) OperationIDs() []string {
	ids := make([]string, 0, len(s.Operations))
	for id := range s.Operations {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
