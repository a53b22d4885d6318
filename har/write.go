package har

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// Write writes log to w as an indented HAR 1.2 file. It fills what HAR 1.2 requires and log may
// lack (the version, empty lists, an empty cache object) without modifying log.
func Write(w io.Writer, log *Log) error {
	out := *log
	if out.Version == "" {
		out.Version = "1.2"
	}
	out.Entries = slices.Clone(log.Entries)
	if out.Entries == nil {
		out.Entries = []Entry{}
	}
	for i := range out.Entries {
		e := &out.Entries[i]
		if e.Cache == nil {
			e.Cache = Cache{}
		}
		e.Request.Cookies = nonNil(e.Request.Cookies)
		e.Request.Headers = nonNil(e.Request.Headers)
		e.Request.QueryString = nonNil(e.Request.QueryString)
		e.Response.Cookies = nonNil(e.Response.Cookies)
		e.Response.Headers = nonNil(e.Response.Headers)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(file{Log: &out}); err != nil {
		return fmt.Errorf("writing har: %w", err)
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
