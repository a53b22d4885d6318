package har_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"authmock/har"
	"authmock/validator"
)

func TestEntry_SkipReason(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"clean.har", []string{
			har.SkipPreflight, "", "", "", "", "", "", "", "", "", "", har.SkipPreflight, "",
			har.SkipNotModified, har.SkipFromCache, "", "", "", har.SkipNoResponse,
		}},
		{"clean-firefox.har", []string{har.SkipPreflight, "", "", har.SkipFromCache}},
		{"clean-safari.har", []string{"", "", "", har.SkipFromCache}},
	}
	for _, tt := range tests {
		t.Run("ok, "+tt.file, func(t *testing.T) {
			log, err := har.ReadFile(filepath.Join(fixtures, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got := make([]string, len(log.Entries))
			for i := range log.Entries {
				got[i] = log.Entries[i].SkipReason()
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("skip reasons:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestEntry_Exchange(t *testing.T) {
	log, err := har.ReadFile(filepath.Join(fixtures, "clean.har"))
	if err != nil {
		t.Fatal(err)
	}
	text := func(s string) *string { return &s }
	tests := []struct {
		name  string
		entry har.Entry
		check func(t *testing.T, ex validator.Exchange)
		err   string
	}{
		{
			name: "ok, chrome entry without pseudo-headers", entry: log.Entries[1],
			check: func(t *testing.T, ex validator.Exchange) {
				if ex.Request.Method != "POST" || ex.Request.URL.String() != "https://pria.praxislxp.com/api/auth/signin" {
					t.Fatalf("request %s %s", ex.Request.Method, ex.Request.URL)
				}
				if _, ok := ex.Request.Header[":path"]; ok || ex.Request.Header.Get("Content-Type") != "application/json" {
					t.Fatalf("request header %v", ex.Request.Header)
				}
				if string(ex.Request.Body) != `{"email":"john.doe@mydomain.com","password":"iLovePria123"}` {
					t.Fatalf("request body %s", ex.Request.Body)
				}
				if ex.Response.Status != 200 || ex.Response.Header.Get("Content-Type") != "application/json; charset=utf-8" || !json.Valid(ex.Response.Body) {
					t.Fatalf("response %d %v %s", ex.Response.Status, ex.Response.Header, ex.Response.Body)
				}
			},
		},
		{
			name: "ok, base64 content", entry: log.Entries[5],
			check: func(t *testing.T, ex validator.Exchange) {
				var body struct {
					Success bool   `json:"success"`
					Token   string `json:"token"`
				}
				if err := json.Unmarshal(ex.Response.Body, &body); err != nil || !body.Success || !strings.HasPrefix(body.Token, "eyJ") {
					t.Fatalf("response body %.60s: %v", ex.Response.Body, err)
				}
			},
		},
		{
			name: "ok, content not recorded",
			entry: har.Entry{Request: har.Request{Method: "GET", URL: "https://api.authiqa.com/auth/user-profile"},
				Response: har.Response{Status: 200, Content: har.Content{Size: 1500, MimeType: "application/json"}}},
			check: func(t *testing.T, ex validator.Exchange) {
				if !ex.Response.BodyOmitted || ex.Response.Body != nil {
					t.Fatalf("response body %q omitted=%v", ex.Response.Body, ex.Response.BodyOmitted)
				}
			},
		},
		{
			name: "ok, content type from postData",
			entry: har.Entry{Request: har.Request{Method: "POST", URL: "/api/auth/signin",
				PostData: &har.PostData{MimeType: "application/json", Text: "e30=", Encoding: "base64"}}},
			check: func(t *testing.T, ex validator.Exchange) {
				if ex.Request.Header.Get("Content-Type") != "application/json" || string(ex.Request.Body) != "{}" {
					t.Fatalf("request %v %q", ex.Request.Header, ex.Request.Body)
				}
			},
		},
		{
			name: "nok, bad base64",
			entry: har.Entry{Request: har.Request{Method: "GET", URL: "/x"},
				Response: har.Response{Status: 200, Content: har.Content{Text: text("%%%"), Encoding: "base64"}}},
			err: "response.content: decoding base64: illegal base64 data at input byte 0",
		},
		{
			name:  "nok, unknown encoding",
			entry: har.Entry{Request: har.Request{Method: "POST", URL: "/x", PostData: &har.PostData{Text: "x", Encoding: "gzip"}}},
			err:   `request.postData: unknown encoding "gzip"`,
		},
		{
			name:  "nok, bad url",
			entry: har.Entry{Request: har.Request{Method: "GET", URL: "http://a b/"}},
			err:   `request.url: parse "http://a b/": invalid character " " in host name`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex, err := tt.entry.Exchange()
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, ex)
		})
	}
}

func TestWrite_roundTrip(t *testing.T) {
	log, err := har.ReadFile(filepath.Join(fixtures, "clean.har"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := har.Write(&buf, log); err != nil {
		t.Fatal(err)
	}
	again, err := har.Read(&buf, "written.har")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, log) {
		t.Fatal("a written log reads back different")
	}
}

func TestEntryOf(t *testing.T) {
	u, err := http.NewRequest("POST", "http://127.0.0.1:4011/api/user/refresh/profile?b=2&a=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	ex := validator.Exchange{
		Request: validator.Request{Method: "POST", URL: u.URL,
			Header: http.Header{"Content-Type": {"application/json"}, "X-Access-Token": {"t"}}, Body: []byte(`{"token":"t"}`)},
		Response: validator.Response{Status: 502, Header: http.Header{"Content-Type": {"image/png"}}, Body: []byte{0x89, 'P', 'N', 'G', 0xff}},
	}
	started := time.Date(2025, 6, 21, 17, 3, 12, 345_000_000, time.UTC)
	var buf bytes.Buffer
	if err := har.Write(&buf, &har.Log{Creator: har.Creator{Name: "authmock", Version: "dev"}, Entries: []har.Entry{har.EntryOf(ex, started, 250*time.Millisecond)}}); err != nil {
		t.Fatal(err)
	}
	log, err := har.Read(&buf, "out.har")
	if err != nil {
		t.Fatal(err)
	}
	e := log.Entries[0]
	if e.StartedDateTime != "2025-06-21T17:03:12.345Z" || e.Time != 250 || e.Response.StatusText != "Bad Gateway" {
		t.Fatalf("entry %s %v %q", e.StartedDateTime, e.Time, e.Response.StatusText)
	}
	wantQuery := []har.NameValue{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}}
	if !reflect.DeepEqual(e.Request.QueryString, wantQuery) {
		t.Fatalf("query %v", e.Request.QueryString)
	}
	if c := e.Response.Content; c.Encoding != "base64" || *c.Text != "iVBOR/8=" || c.Size != 5 {
		t.Fatalf("content %+v", c)
	}
	back, err := e.Exchange()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Request.Body, ex.Request.Body) || !reflect.DeepEqual(back.Response.Body, ex.Response.Body) ||
		!reflect.DeepEqual(back.Request.Header, ex.Request.Header) || back.Request.URL.String() != ex.Request.URL.String() {
		t.Fatalf("exchange read back %+v", back)
	}
}
