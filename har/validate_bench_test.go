package har_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"authmock/har"
	"authmock/openapi"
	"authmock/validator"
)

// benchValidator is the validator a HAR check runs: both specs, formats checked.
func benchValidator(b *testing.B, opts ...validator.Option) *validator.Validator {
	b.Helper()
	var docs []validator.Doc
	for _, name := range []string{openapi.Pria, openapi.Authiqa} {
		t, err := openapi.Load(name)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, validator.Doc{Name: name, T: t})
	}
	v, err := validator.New(docs, append([]validator.Option{validator.WithFormatValidation()}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

// contractEntries returns the entries of a clean fixture that a HAR check validates (the others are
// skipped before any validation), after checking that each one is valid.
func contractEntries(b *testing.B, v *validator.Validator, log *har.Log) []har.Entry {
	b.Helper()
	var out []har.Entry
	for _, e := range log.Entries {
		if e.SkipReason() != "" {
			continue
		}
		ex, err := e.Exchange()
		if err != nil {
			b.Fatal(err)
		}
		if r := v.Validate(context.Background(), ex); r.Failed() {
			b.Fatalf("%s %s: %v", e.Request.Method, e.Request.URL, r.Violations)
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		b.Fatal("no contract entries in the fixture")
	}
	return out
}

// BenchmarkValidateEntry is the per-entry cost of a HAR check over a clean recording: the entry made
// an exchange, then validated. entries/s is per core (one goroutine). memo-off validates every
// response body (the validator's verdict memo off, as for bodies never seen); memo-on cycles over
// the file's entries, so it finds them in the memo, as a recording that repeats its responses does.
func BenchmarkValidateEntry(b *testing.B) {
	for _, mode := range benchModes {
		b.Run(mode.name, func(b *testing.B) {
			v := benchValidator(b, mode.opts...)
			log, err := har.ReadFile(filepath.Join(fixtures, "clean.har"))
			if err != nil {
				b.Fatal(err)
			}
			entries := contractEntries(b, v, log)
			ctx := context.Background()
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				e := &entries[n%len(entries)]
				ex, err := e.Exchange()
				if err != nil {
					b.Fatal(err)
				}
				if r := v.Validate(ctx, ex); r.Failed() {
					b.Fatal(r.Violations)
				}
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}

// benchModes are the validators of the benchmarks: the verdict memo off, and on.
var benchModes = []struct {
	name string
	opts []validator.Option
}{
	{"memo-off", []validator.Option{validator.WithVerdicts(0)}},
	{"memo-on", nil},
}

// BenchmarkValidateFile is a whole HAR check of a clean recording as `authmock validate` runs it:
// read the file, skip, make exchanges, validate. entries/s counts every entry of the file, skipped
// ones included. memo-off: the verdict memo off, every body validated, the cost of a file whose
// bodies are all new (the target's measure); memo-warm: one validator for every file, so the bodies
// are remembered from the file before, as in a run of `authmock validate` over several recordings of
// the same traffic.
func BenchmarkValidateFile(b *testing.B) {
	path := filepath.Join(fixtures, "clean.har")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	modes := []struct {
		name string
		opts []validator.Option
	}{
		{"memo-off", []validator.Option{validator.WithVerdicts(0)}},
		{"memo-warm", nil},
	}
	for _, mode := range modes {
		b.Run(mode.name, func(b *testing.B) {
			v := benchValidator(b, mode.opts...)
			ctx := context.Background()
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			n := 0
			for b.Loop() {
				log, err := har.ReadFile(path)
				if err != nil {
					b.Fatal(err)
				}
				for i := range log.Entries {
					e := &log.Entries[i]
					if e.SkipReason() != "" {
						continue
					}
					ex, err := e.Exchange()
					if err != nil {
						b.Fatal(err)
					}
					if r := v.Validate(ctx, ex); r.Failed() {
						b.Fatal(r.Violations)
					}
				}
				n += len(log.Entries)
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}
