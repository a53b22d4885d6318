package scenarios

import (
	"context"
	"sync/atomic"
)

// Selection is what a request asks for, layer by layer. Empty means the layer chose nothing.
type Selection struct {
	Request string // the __scenario URL parameter or the X-Mock-Scenario header
	Cookie  string // the browser's sticky choice
}

// Applied is the scenario in force for one request of one operation.
type Applied struct {
	Name    string
	Outcome Outcome
}

// Engine decides which scenario applies to a request: the request's own choice, then the browser's
// cookie, then the server-wide choice, then the default. A sticky choice (cookie or server-wide)
// only affects the operations it applies to. It is safe for concurrent use.
type Engine struct {
	cat    *Catalogue
	active atomic.Pointer[string]
}

// NewEngine returns an engine over the catalogue, with no server-wide scenario.
func NewEngine(c *Catalogue) *Engine { return &Engine{cat: c} }

// Catalogue returns the engine's catalogue.
func (e *Engine) Catalogue() *Catalogue { return e.cat }

// SetActive makes name the server-wide scenario; "default" or "" clears it.
func (e *Engine) SetActive(name string) error {
	if name == "" || name == Default {
		e.active.Store(nil)
		return nil
	}
	if _, ok := e.cat.Lookup(name); !ok {
		return &SelectionError{Name: name, Operation: "any operation", Valid: e.allNames(), Err: ErrUnknown}
	}
	e.active.Store(&name)
	return nil
}

// Active returns the server-wide scenario, or "default".
func (e *Engine) Active() string {
	if p := e.active.Load(); p != nil {
		return *p
	}
	return Default
}

// Valid reports whether name is a scenario of the catalogue (or the default).
func (e *Engine) Valid(name string) bool {
	if name == Default {
		return true
	}
	_, ok := e.cat.Lookup(name)
	return ok
}

func (e *Engine) allNames() []string {
	names := []string{Default}
	for _, s := range e.cat.All() {
		names = append(names, s.Name)
	}
	return names
}

// Resolve returns the scenario in force for the operation. A per-request name that is unknown, or
// that does not apply to the operation, is a *SelectionError; sticky choices that do not apply
// fall through to the next layer.
func (e *Engine) Resolve(operationID string, sel Selection) (Applied, error) {
	if sel.Request != "" {
		if sel.Request == Default {
			return Applied{Name: Default}, nil
		}
		s, ok := e.cat.Lookup(sel.Request)
		if !ok {
			return Applied{}, &SelectionError{Name: sel.Request, Operation: operationID, Valid: e.cat.Names(operationID), Err: ErrUnknown}
		}
		o, ok := s.Operations[operationID]
		if !ok {
			return Applied{}, &SelectionError{Name: sel.Request, Operation: operationID, Valid: e.cat.Names(operationID), Err: ErrNotApplicable}
		}
		return Applied{Name: s.Name, Outcome: o}, nil
	}
	if a, ok := e.sticky(operationID, sel.Cookie); ok {
		return a, nil
	}
	if p := e.active.Load(); p != nil {
		if a, ok := e.sticky(operationID, *p); ok {
			return a, nil
		}
	}
	return Applied{Name: Default}, nil
}

func (e *Engine) sticky(operationID, name string) (Applied, bool) {
	if name == "" || name == Default {
		return Applied{}, false
	}
	s, ok := e.cat.Lookup(name)
	if !ok {
		return Applied{}, false
	}
	o, ok := s.Operations[operationID]
	if !ok {
		return Applied{}, false
	}
	return Applied{Name: s.Name, Outcome: o}, true
}

type ctxKey struct{}

// NewContext returns ctx carrying the applied scenario.
func NewContext(ctx context.Context, a Applied) context.Context {
	return context.WithValue(ctx, ctxKey{}, a)
}

// FromContext returns the applied scenario of ctx, or the default.
func FromContext(ctx context.Context) Applied {
	if a, ok := ctx.Value(ctxKey{}).(Applied); ok {
		return a
	}
	return Applied{Name: Default}
}
