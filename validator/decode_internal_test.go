package validator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// stdDecode is encoding/json's decoding of a body as openapi3filter does it: numbers as
// json.Number, nothing after the value.
func stdDecode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data after the value")
	}
	return v, nil
}

var decodeSeeds = []string{
	`{"a":1,"b":[true,false,null,"x"],"c":{"d":-1.5e3,"e":[]},"f":{}}`,
	`[]`, `{}`, `0`, `-0`, `1E400`, `123456789012345678901234567890`, `"\u00e9\ud83d\ude00\n\"\\/"`,
	`{"a":1,"a":2}`, "\"\xff\xfe\"", `{"a":1} {"b":2}`, `{"a":1}   `, ` [1, 2 ,3 ] `,
	`{"a":}`, `{"a":1`, `[1,]`, `{"a":1,}`, `nul`, `"\x01"`, `01`, `1.`, `.5`, `-`, ``, `   `,
	`{"token":"eyJhbGciOiJIUzI1NiJ9.e30.c2ln","profile":{"_id":"65f1","roles":["user"],"n":1}}`,
}

// TestDecodeJSON checks that decodeJSON accepts what encoding/json accepts, with the same values,
// and refuses what it refuses.
func TestDecodeJSON(t *testing.T) {
	for _, in := range decodeSeeds {
		compareDecoders(t, []byte(in))
	}
}

// FuzzDecodeJSON compares decodeJSON with encoding/json on any input.
func FuzzDecodeJSON(f *testing.F) {
	for _, in := range decodeSeeds {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareDecoders(t, data)
	})
}

func compareDecoders(t *testing.T, data []byte) {
	t.Helper()
	want, wantErr := stdDecode(data)
	got, err := decodeJSON(data)
	switch {
	case (err == nil) != (wantErr == nil):
		t.Fatalf("decodeJSON(%q): error %v, encoding/json's %v", data, err, wantErr)
	case err == nil && !reflect.DeepEqual(got, want):
		t.Fatalf("decodeJSON(%q) = %#v, encoding/json gives %#v", data, got, want)
	}
}

// BenchmarkDecodeJSON compares decodeJSON with encoding/json on a signin answer of the mock.
func BenchmarkDecodeJSON(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "signin.json"))
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range []struct {
		name   string
		decode func([]byte) (any, error)
	}{{"decodeJSON", decodeJSON}, {"encoding-json", stdDecode}} {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
