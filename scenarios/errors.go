package scenarios

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnknown means no scenario has the name asked for.
var ErrUnknown = errors.New("unknown scenario")

// ErrNotApplicable means the scenario exists but does not apply to the operation.
var ErrNotApplicable = errors.New("scenario does not apply to this operation")

// SelectionError is a bad per-request choice of scenario; it lists the names valid for the operation.
type SelectionError struct {
	Name      string
	Operation string
	Valid     []string
	Err       error // ErrUnknown or ErrNotApplicable
}

func (e *SelectionError) Error() string {
	return fmt.Sprintf("%v %q for %s; valid scenarios: %s", e.Err, e.Name, e.Operation, strings.Join(e.Valid, ", "))
}

func (e *SelectionError) Unwrap() error { return e.Err }

// LoadError is a problem in a scenario file, with where it is.
type LoadError struct {
	File string
	Line int
	Msg  string
}

func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}
