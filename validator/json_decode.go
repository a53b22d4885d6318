package validator

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds the nesting of a decoded value, as encoding/json does.
const maxDepth = 10000

// decodeJSON decodes data, a single JSON value, into what encoding/json gives with UseNumber:
// map[string]any, []any, string, json.Number, bool and nil. It is a single-pass replacement for
// json.Decoder, whose double scan and map growth took half the time of a response's validation: it
// sizes each map and slice once, and takes object keys found in keys (the property names of the
// documents, read-only) from there instead of allocating them. Unlike json.Decoder.Decode, it
// rejects data after the value.
func decodeJSON(data []byte, keys map[string]string) (any, error) {
	d := jsonDecoder{data: data, keys: keys}
	d.skipSpace()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return nil, d.errorf("invalid character %q after top-level value", d.data[d.pos])
	}
	return v, nil
}

type jsonDecoder struct {
	data []byte
	pos  int
	keys map[string]string
	// members and elems are stacks where the objects and arrays being decoded gather their
	// contents, so that each map and slice is made at its final size.
	members []member
	elems   []any
}

type member struct {
	key   string
	value any
}

// jsonError is a syntax error and the byte offset where it was found.
type jsonError struct {
	msg    string
	offset int
}

func (e *jsonError) Error() string { return fmt.Sprintf("%s (offset %d)", e.msg, e.offset) }

func (d *jsonDecoder) errorf(format string, args ...any) error {
	return &jsonError{msg: fmt.Sprintf(format, args...), offset: d.pos}
}

func (d *jsonDecoder) eof() error {
	return &jsonError{msg: "unexpected end of JSON input", offset: d.pos}
}

func (d *jsonDecoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *jsonDecoder) value(depth int) (any, error) {
	if d.pos >= len(d.data) {
		return nil, d.eof()
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object(depth + 1)
	case c == '[':
		return d.array(depth + 1)
	case c == '"':
		return d.string()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	default:
		return nil, d.errorf("invalid character %q looking for beginning of value", c)
	}
}

func (d *jsonDecoder) literal(word string) error {
	end := d.pos + len(word)
	if end > len(d.data) {
		if string(d.data[d.pos:]) == word[:len(d.data)-d.pos] {
			d.pos = len(d.data)
			return d.eof()
		}
		return d.errorf("invalid literal")
	}
	if string(d.data[d.pos:end]) != word {
		return d.errorf("invalid literal")
	}
	d.pos = end
	return nil
}

func (d *jsonDecoder) object(depth int) (any, error) {
	if depth > maxDepth {
		return nil, d.errorf("exceeded max depth")
	}
	d.pos++ // {
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return map[string]any{}, nil
	}
	base := len(d.members)
	defer func() { d.members = d.members[:base] }()
	for {
		if d.pos >= len(d.data) {
			return nil, d.eof()
		}
		if d.data[d.pos] != '"' {
			return nil, d.errorf("invalid character %q looking for beginning of object key string", d.data[d.pos])
		}
		key, err := d.key()
		if err != nil {
			return nil, err
		}
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.eof()
		}
		if d.data[d.pos] != ':' {
			return nil, d.errorf("invalid character %q after object key", d.data[d.pos])
		}
		d.pos++
		d.skipSpace()
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		d.members = append(d.members, member{key, v})
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.eof()
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case '}':
			d.pos++
			m := make(map[string]any, len(d.members)-base)
			for _, kv := range d.members[base:] {
				m[kv.key] = kv.value
			}
			return m, nil
		default:
			return nil, d.errorf("invalid character %q after object key:value pair", d.data[d.pos])
		}
	}
}

func (d *jsonDecoder) array(depth int) (any, error) {
	if depth > maxDepth {
		return nil, d.errorf("exceeded max depth")
	}
	d.pos++ // [
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return []any{}, nil
	}
	base := len(d.elems)
	defer func() { d.elems = d.elems[:base] }()
	for {
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		d.elems = append(d.elems, v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.eof()
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case ']':
			d.pos++
			return append([]any(nil), d.elems[base:]...), nil
		default:
			return nil, d.errorf("invalid character %q after array element", d.data[d.pos])
		}
	}
}

func (d *jsonDecoder) number() (any, error) {
	start := d.pos
	if d.data[d.pos] == '-' {
		d.pos++
	}
	if d.pos >= len(d.data) {
		return nil, d.eof()
	}
	switch c := d.data[d.pos]; {
	case c == '0':
		d.pos++
	case c >= '1' && c <= '9':
		d.digits()
	default:
		return nil, d.errorf("invalid character %q in numeric literal", c)
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if !d.digits() {
			return nil, d.numberEnd("after decimal point in numeric literal")
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if !d.digits() {
			return nil, d.numberEnd("in exponent of numeric literal")
		}
	}
	return json.Number(d.data[start:d.pos]), nil
}

// digits skips digits and reports whether there was one.
func (d *jsonDecoder) digits() bool {
	start := d.pos
	for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
		d.pos++
	}
	return d.pos > start
}

func (d *jsonDecoder) numberEnd(where string) error {
	if d.pos >= len(d.data) {
		return d.eof()
	}
	return d.errorf("invalid character %q %s", d.data[d.pos], where)
}

// key decodes an object key, taken from d.keys when it is there.
func (d *jsonDecoder) key() (string, error) {
	start := d.pos + 1
	for i := start; i < len(d.data); i++ {
		if c := d.data[i]; c == '"' {
			if k, ok := d.keys[string(d.data[start:i])]; ok {
				d.pos = i + 1
				return k, nil
			}
			break
		} else if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
	}
	return d.string()
}

// string decodes the string at d.pos, the fast way when it has no escape and is valid UTF-8.
func (d *jsonDecoder) string() (string, error) {
	d.pos++ // "
	start := d.pos
	for i := start; i < len(d.data); i++ {
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return string(d.data[start:i]), nil
		case c == '\\' || c >= utf8.RuneSelf:
			return d.slowString(start)
		case c < 0x20:
			d.pos = i
			return "", d.errorf("invalid character %q in string literal", c)
		}
	}
	d.pos = len(d.data)
	return "", d.eof()
}

// slowString decodes a string with escapes or non-ASCII bytes. Invalid UTF-8 and lone surrogates
// become U+FFFD, as with encoding/json.
func (d *jsonDecoder) slowString(start int) (string, error) {
	buf := make([]byte, 0, 64)
	i := start
	for i < len(d.data) {
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return string(buf), nil
		case c < 0x20:
			d.pos = i
			return "", d.errorf("invalid character %q in string literal", c)
		case c == '\\':
			if i+1 >= len(d.data) {
				d.pos = len(d.data)
				return "", d.eof()
			}
			i++
			switch e := d.data[i]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, n, err := d.unicodeEscape(i - 1)
				if err != nil {
					return "", err
				}
				buf = utf8.AppendRune(buf, r)
				i += n - 2
			default:
				d.pos = i
				return "", d.errorf("invalid character %q in string escape code", e)
			}
			i++
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRune(d.data[i:])
			buf = utf8.AppendRune(buf, r)
			i += size
		}
	}
	d.pos = len(d.data)
	return "", d.eof()
}

// unicodeEscape decodes the \uXXXX escape at i (and the low surrogate after it, if any), returning
// the rune and the number of bytes used.
func (d *jsonDecoder) unicodeEscape(i int) (rune, int, error) {
	r, err := d.hex4(i + 2)
	if err != nil {
		return 0, 0, err
	}
	if !utf16.IsSurrogate(r) {
		return r, 6, nil
	}
	if i+12 <= len(d.data) && d.data[i+6] == '\\' && d.data[i+7] == 'u' {
		if r2, err := d.hex4(i + 8); err == nil {
			if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
				return dec, 12, nil
			}
		}
	}
	return utf8.RuneError, 6, nil
}

func (d *jsonDecoder) hex4(i int) (rune, error) {
	if i+4 > len(d.data) {
		for j := i; j < len(d.data); j++ {
			if !isHex(d.data[j]) {
				d.pos = j
				return 0, d.errorf("invalid character %q in \\u hexadecimal character escape", d.data[j])
			}
		}
		d.pos = len(d.data)
		return 0, d.eof()
	}
	for j := i; j < i+4; j++ {
		if !isHex(d.data[j]) {
			d.pos = j
			return 0, d.errorf("invalid character %q in \\u hexadecimal character escape", d.data[j])
		}
	}
	n, _ := strconv.ParseUint(string(d.data[i:i+4]), 16, 32)
	return rune(n), nil
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
