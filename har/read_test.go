package har_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"authmock/har"
)

const fixtures = "../testdata/har"

func TestReadFile(t *testing.T) {
	tests := []struct {
		file    string
		entries int
		creator string
	}{
		{"clean.har", 19, "WebInspector"},
		{"clean-local.har", 2, "WebInspector"},
		{"clean-firefox.har", 4, "Firefox"},
		{"clean-safari.har", 4, "WebKit Web Inspector"},
		{"wrong-type.har", 3, "WebInspector"},
		{"missing-field.har", 2, "WebInspector"},
		{"undeclared-status.har", 2, "WebInspector"},
		{"missing-token.har", 1, "WebInspector"},
	}
	for _, tt := range tests {
		t.Run("ok, "+tt.file, func(t *testing.T) {
			log, err := har.ReadFile(filepath.Join(fixtures, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(log.Entries) != tt.entries || log.Creator.Name != tt.creator || log.Version != "1.2" {
				t.Fatalf("read %d entries by %q (version %q), want %d by %q", len(log.Entries), log.Creator.Name, log.Version, tt.entries, tt.creator)
			}
		})
	}
}

func TestRead_errors(t *testing.T) {
	notJSON, err := os.ReadFile(filepath.Join(fixtures, "not-json.har"))
	if err != nil {
		t.Fatal(err)
	}
	notHAR, err := os.ReadFile(filepath.Join(fixtures, "not-a-har.har"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		in     string
		err    string
		notHAR bool
	}{
		{
			name: "nok, trailing comma",
			in:   string(notJSON),
			err:  "reading har x.har: line 21, column 25: invalid character ',' at start of value",
		},
		{
			name: "nok, postman collection", in: string(notHAR), notHAR: true,
			err: "reading har x.har: not a har file: missing log.entries",
		},
		{
			name: "nok, log without entries", in: `{"log": {"version": "1.2"}}`, notHAR: true,
			err: "reading har x.har: not a har file: missing log.entries",
		},
		{
			name: "nok, status as a string", notHAR: true,
			in:  "{\"log\": {\"entries\": [\n  {\"response\": {\"status\": \"200\"}}\n]}}",
			err: "reading har x.har: line 2, column 27: not a har file: log.entries[0].response.status: expected integer, got string",
		},
		{
			name: "nok, status with a fraction", notHAR: true,
			in:  `{"log": {"entries": [{"response": {"status": 200.5}}]}}`,
			err: "reading har x.har: line 1, column 46: not a har file: log.entries[0].response.status: expected integer, got number 200.5",
		},
		{
			name: "nok, an array", in: `[1, 2]`, notHAR: true,
			err: "reading har x.har: line 1, column 1: not a har file: the document: expected object, got array",
		},
		{name: "nok, cut short", in: "{\"log\": {\"entries\": [", err: "reading har x.har: line 1, column 22: unexpected end of JSON input"},
		{name: "nok, empty", in: ``, err: "reading har x.har: line 1, column 1: unexpected end of JSON input"},
		{name: "nok, html page", in: "<!DOCTYPE html>\n<html>", err: "reading har x.har: line 1, column 1: invalid character '<' at start of value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := har.Read(strings.NewReader(tt.in), "x.har")
			if err == nil || err.Error() != tt.err {
				t.Fatalf("err = %v\nwant %s", err, tt.err)
			}
			if errors.Is(err, har.ErrNotHAR) != tt.notHAR {
				t.Fatalf("errors.Is(err, ErrNotHAR) = %v, want %v", !tt.notHAR, tt.notHAR)
			}
		})
	}
}

func TestRead_byteOrderMark(t *testing.T) {
	log, err := har.Read(strings.NewReader("\xef\xbb\xbf{\"log\": {\"version\": \"1.2\", \"entries\": []}}"), "bom.har")
	if err != nil || len(log.Entries) != 0 || log.Version != "1.2" {
		t.Fatalf("Read = %+v, %v", log, err)
	}
}

func TestReadFile_missing(t *testing.T) {
	_, err := har.ReadFile(filepath.Join(fixtures, "nope.har"))
	if !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), "reading har ../testdata/har/nope.har: ") {
		t.Fatalf("err = %v", err)
	}
}

func FuzzRead(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(fixtures, "*.har"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	// Small seeds, which the mutator explores much faster than whole sessions.
	f.Add([]byte(`{"log":{"version":"1.2","entries":[{"request":{"method":"OPTIONS","url":"https://a/x","headers":[{"name":":path","value":"/x"}]},"response":{"status":204,"content":{"size":0}}}]}}`))
	f.Add([]byte(`{"log":{"entries":[{"_fromCache":"disk","cache":{"afterRequest":null},"request":{"method":"POST","url":"/api/auth/signin","postData":{"mimeType":"application/json","text":"e30=","encoding":"base64"}},"response":{"status":200,"content":{"size":2,"text":"e30=","encoding":"base64"}}}]}}`))

	// Cases where the JSON v2 decoder's defaults differ from encoding/json's: names that differ by
	// "_" or "-" only, members that differ in case, and a name both ways.
	f.Add([]byte(`{"log":{"entries":[{"from_cache":"disk","_fetch_type":"x","server_ip_address":"1","request":{"post-data":{"text":"x"}},"response":{"status":200}}]}}`))
	f.Add([]byte(`{"log":{"entries":[{"connection":"1","_connection":7,"timings":{"blocked":1,"_blocked":"x"},"response":{"Status":1,"status":2}}]}}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		log, err := har.Read(strings.NewReader(string(data)), "fuzz.har")
		sameAsEncodingJSON(t, data, log, err)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "reading har fuzz.har: ") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for i := range log.Entries {
			e := &log.Entries[i]
			_ = e.SkipReason()
			_, _ = e.Exchange()
		}
	})
}

// sameAsEncodingJSON checks that Read read data as encoding/json reads it: the same log when
// encoding/json reads a HAR from it, an error when it does not.
func sameAsEncodingJSON(t *testing.T, data []byte, log *har.Log, err error) {
	t.Helper()
	var want struct {
		Log *har.Log `json:"log"`
	}
	wantErr := json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &want)
	if wantErr == nil && (want.Log == nil || want.Log.Entries == nil) {
		wantErr = errors.New("not a HAR")
	}
	switch {
	case (err == nil) != (wantErr == nil):
		t.Fatalf("Read(%q): error %v, encoding/json's %v", data, err, wantErr)
	case err == nil && !reflect.DeepEqual(log, want.Log):
		t.Fatalf("Read(%q) = %+v, encoding/json reads %+v", data, log, want.Log)
	}
}

// TestRead_likeEncodingJSON runs sameAsEncodingJSON over the fixtures and the fuzz seeds above.
func TestRead_likeEncodingJSON(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtures, "*.har"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var inputs [][]byte
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, data)
	}
	inputs = append(inputs,
		[]byte(`{"log":{"entries":[{"from_cache":"disk","_fetch_type":"x","server_ip_address":"1","request":{"post-data":{"text":"x"}},"response":{"status":200}}]}}`),
		[]byte(`{"log":{"entries":[{"connection":"1","_connection":7,"timings":{"blocked":1,"_blocked":"x"},"response":{"Status":1,"status":2}}]}}`),
		[]byte(`{"LOG":{"Entries":[{"Request":{"Method":"GET","URL":"/x"},"response":{"status":200,"content":{"text":null}}}]}}`),
		[]byte("{\"log\":{\"entries\":[],\"comment\":\"\xff\"}}"),
	)
	for _, data := range inputs {
		log, err := har.Read(bytes.NewReader(data), "x.har")
		sameAsEncodingJSON(t, data, log, err)
	}
}
