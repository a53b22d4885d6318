package proxy

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"authmock/validator"
	"authmock/validator/report"
)

// A few compressed bytes that expand past the limit are not decoded whole.
func TestDecodeContentIsBounded(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	if _, err := zw.Write(make([]byte, 8<<20)); err != nil { // 8 MiB of zeros, a few KiB zipped
		t.Fatal(err)
	}
	zw.Close()
	h := http.Header{"Content-Encoding": {"gzip"}}
	if got, ok := decodeContent(h, zipped.Bytes(), 1<<20); ok || got != nil {
		t.Errorf("decoded %d bytes past the 1 MiB limit", len(got))
	}
	if got, ok := decodeContent(h, zipped.Bytes(), 8<<20); !ok || len(got) != 8<<20 {
		t.Errorf("within the limit: ok %v, %d bytes", ok, len(got))
	}
}

// What a failed record keeps is bounded, whatever the client sent.
func TestRecordIsBounded(t *testing.T) {
	r := newRecorder("t", 4)
	long := strings.Repeat("p", 900<<10)
	u := &url.URL{Path: "/" + long, RawQuery: "q=" + long}
	header := http.Header{}
	for i := 0; i < 100; i++ {
		header.Add("X-H", strings.Repeat("h", 1<<10))
	}
	ex := validator.Exchange{
		Request:  validator.Request{Method: "GET", URL: u, Header: header, Body: []byte(long)},
		Response: validator.Response{Status: 200, Header: header, Body: []byte(long)},
	}
	c := report.NewCase(0, ex, validator.Result{Known: true, Violations: []validator.Violation{{Message: "x"}}})
	r.add(c, ex, time.Now(), time.Millisecond)
	recs, _ := r.records()
	rec := recs[0]
	size := len(rec.c.Path) + len(rec.ex.Request.URL.Path) + len(rec.ex.Request.URL.RawQuery) + len(rec.ex.Request.Body) + len(rec.ex.Response.Body)
	for _, h := range []http.Header{rec.ex.Request.Header, rec.ex.Response.Header} {
		for k, vs := range h {
			for _, v := range vs {
				size += len(k) + len(v)
			}
		}
	}
	if limit := 2*maxKeptPath + 2*maxKeptBody + 2*maxKeptHeaders + maxKeptPath; size > limit {
		t.Errorf("a record keeps %d bytes, over %d", size, limit)
	}
	if !rec.truncated || u.Path != "/"+long {
		t.Errorf("truncated %v, or the caller's URL was changed", rec.truncated)
	}
}
