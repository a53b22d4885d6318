package scenarios

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the scenario file parser: it never panics, and every refusal
// is a *LoadError naming the file.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"signin.yaml", "tokens.yaml", "profiles.yaml"} {
		b, err := embedded.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("scenarios:\n  - name: x\n"))
	f.Add([]byte("scenarios: {a: &a [*a]}\n"))
	f.Add([]byte("\t"))
	ops := map[string]Operation{}
	for _, op := range testOps {
		ops[op.ID] = op
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		list, err := parse("fuzz.yaml", data, ops)
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) || le.File != "fuzz.yaml" {
				t.Fatalf("error %T %v is not a LoadError for the file", err, err)
			}
			return
		}
		if len(list) == 0 {
			t.Fatal("no error and no scenario")
		}
	})
}
