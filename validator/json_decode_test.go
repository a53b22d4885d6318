package validator

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// stdDecode decodes as openapi3filter does, plus json.Unmarshal's refusal of trailing data.
func stdDecode(data []byte) (any, bool) {
	if !json.Valid(data) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}

func TestDecodeJSON(t *testing.T) {
	keys := map[string]string{"a": "a"}
	tests := []struct {
		name string
		in   string
		want any
		err  string
	}{
		{name: "ok, object", in: ` {"a": [1, -2.5e3, true, false, null], "b": {}} `, want: map[string]any{
			"a": []any{json.Number("1"), json.Number("-2.5e3"), true, false, nil}, "b": map[string]any{},
		}},
		{name: "ok, escapes", in: `"\u00e9\"\\\/\b\f\n\r\t\ud83d\ude00"`, want: "é\"\\/\b\f\n\r\t😀"},
		{name: "ok, lone surrogate", in: `"\ud83d x"`, want: "\ufffd x"},
		{name: "ok, invalid UTF-8", in: "\"a\xffb\"", want: "a\ufffdb"},
		{name: "ok, duplicate key keeps the last", in: `{"a":1,"a":2}`, want: map[string]any{"a": json.Number("2")}},
		{name: "ok, empty array", in: `[]`, want: []any{}},
		{name: "nok, trailing data", in: `{} x`, err: `invalid character 'x' after top-level value (offset 3)`},
		{name: "nok, truncated", in: `{"a":`, err: `unexpected end of JSON input (offset 5)`},
		{name: "nok, leading zero", in: `01`, err: `invalid character '1' after top-level value (offset 1)`},
		{name: "nok, control character in a string", in: "\"a\nb\"", err: `invalid character '\n' in string literal (offset 2)`},
		{name: "nok, bad literal", in: `tru`, err: `unexpected end of JSON input (offset 3)`},
		{name: "nok, missing colon", in: `{"a" 1}`, err: `invalid character '1' after object key (offset 5)`},
		{name: "nok, empty input", in: ``, err: `unexpected end of JSON input (offset 0)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeJSON([]byte(tt.in), keys)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("decodeJSON = %#v, %v; want %#v", got, err, tt.want)
			}
		})
	}
}

// FuzzDecodeJSON checks that decodeJSON accepts exactly what encoding/json accepts, and decodes it
// to the same value.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x"],"b":null}`, `"\u00e9\ud83d\ude00"`, `[true,false,{}]`, `-0.1e+5`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	keys := map[string]string{"a": "a", "b": "b"}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, ok := stdDecode(data)
		got, err := decodeJSON(data, keys)
		if ok != (err == nil) {
			t.Fatalf("%q: encoding/json ok=%v, decodeJSON err=%v", data, ok, err)
		}
		if ok && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: decodeJSON = %#v, encoding/json = %#v", data, got, want)
		}
	})
}
