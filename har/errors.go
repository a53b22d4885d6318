package har

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrNotHAR is the error of a file that is JSON but not a HAR log.
var ErrNotHAR = errors.New("not a har file")

// PositionError is an error at a line and column (both from 1, the column in bytes) of a file: a
// JSON syntax error, or a value of the wrong type (which also wraps ErrNotHAR).
type PositionError struct {
	Line, Column int
	Err          error
}

// Error says where and what.
func (e *PositionError) Error() string {
	return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, e.Err)
}

// Unwrap returns the error found at the position.
func (e *PositionError) Unwrap() error { return e.Err }

// jsonError turns an error of encoding/json about data into a *PositionError that says where.
func jsonError(data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		// Offset counts the bytes read, the offending one included; for a type error, up to the end of
		// the value.
		line, col := position(data, syntax.Offset-1)
		return &PositionError{Line: line, Column: col, Err: syntax}
	case errors.As(err, &typ):
		line, col := position(data, typ.Offset-1)
		field := typ.Field
		if field == "" {
			field = "the document"
		}
		return &PositionError{Line: line, Column: col, Err: fmt.Errorf("%w: %s: expected %s, got %s", ErrNotHAR, field, jsonKind(typ.Type.Kind().String()), typ.Value)}
	default:
		return err
	}
}

// position returns the line and column of the byte at offset.
func position(data []byte, offset int64) (line, col int) {
	if offset < 0 {
		offset = 0
	}
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = 1 + bytes.Count(before, []byte{'\n'})
	last := bytes.LastIndexByte(before, '\n')
	return line, int(offset) - last
}

// jsonKind names the JSON type a Go kind decodes from.
func jsonKind(kind string) string {
	switch kind {
	case "struct", "map":
		return "object"
	case "slice", "array":
		return "array"
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "ptr", "interface":
		return "a value"
	default:
		return "number"
	}
}
