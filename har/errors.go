package har

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// ErrNotHAR is the error of a file that is JSON but not a HAR log.
var ErrNotHAR = errors.New("not a har file")

var errUnexpectedEnd = errors.New("unexpected end of JSON input")

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

// jsonError turns an error of the JSON decoder about data into a *PositionError that says where.
func jsonError(data []byte, err error) error {
	var syntax *jsontext.SyntacticError
	var semantic *json.SemanticError
	switch {
	case errors.As(err, &syntax):
		line, col := position(data, syntax.ByteOffset)
		if errors.Is(syntax.Err, io.ErrUnexpectedEOF) {
			return &PositionError{Line: line, Column: col, Err: errUnexpectedEnd}
		}
		return &PositionError{Line: line, Column: col, Err: syntax.Err}
	case errors.As(err, &semantic):
		line, col := position(data, semantic.ByteOffset)
		field := "the document"
		if p := semantic.JSONPointer; p != "" {
			field = memberPath(p)
		}
		got := jsonKindName(semantic.JSONKind)
		if semantic.JSONKind == '0' && len(semantic.JSONValue) > 0 {
			got += " " + string(semantic.JSONValue) // 1.5 for an integer, 1e999 for any number
		}
		return &PositionError{Line: line, Column: col, Err: fmt.Errorf("%w: %s: expected %s, got %s", ErrNotHAR, field, goKind(semantic), got)}
	default:
		return err
	}
}

// memberPath writes a JSON pointer the way a reader names a member: log.entries[3].response.status.
func memberPath(p jsontext.Pointer) string {
	var b strings.Builder
	for token := range p.Tokens() {
		if _, err := strconv.Atoi(token); err == nil {
			b.WriteString("[" + token + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(token)
	}
	return b.String()
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

// goKind names the JSON type the Go type of a semantic error decodes from.
func goKind(e *json.SemanticError) string {
	if e.GoType == nil {
		return "a value"
	}
	switch e.GoType.Kind() {
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Pointer, reflect.Interface:
		return "a value"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	default:
		return "number"
	}
}

// jsonKindName names a JSON kind.
func jsonKindName(k jsontext.Kind) string {
	switch k {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case '0':
		return "number"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "a value"
	}
}
