package server

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestRequestRing(t *testing.T) {
	tests := []struct {
		name   string
		adds   int
		since  uint64
		want   []uint64
		latest uint64
	}{
		{"ok, empty", 0, 0, nil, 0},
		{"ok, fewer than capacity", 2, 0, []uint64{1, 2}, 2},
		{"ok, since the first", 2, 1, []uint64{2}, 2},
		{"ok, nothing new", 2, 2, nil, 2},
		{"ok, full", 3, 0, []uint64{1, 2, 3}, 3},
		{"ok, over capacity keeps the last three", 5, 0, []uint64{3, 4, 5}, 5},
		{"ok, since one that was dropped", 5, 1, []uint64{3, 4, 5}, 5},
		{"ok, since a kept one", 5, 3, []uint64{4, 5}, 5},
		{"ok, since is ahead (an earlier run of the mock): everything kept", 5, 9, []uint64{3, 4, 5}, 5},
		{"ok, many laps", 301, 0, []uint64{299, 300, 301}, 301},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRequestRing(3)
			for i := 1; i <= tt.adds; i++ {
				r.add(requestEntry{Path: fmt.Sprintf("/%d", i)})
			}
			got, latest := r.since(tt.since)
			var seqs []uint64
			for _, e := range got {
				seqs = append(seqs, e.Seq)
				if e.Path != fmt.Sprintf("/%d", e.Seq) {
					t.Errorf("entry %d holds %s", e.Seq, e.Path)
				}
			}
			if !slices.Equal(seqs, tt.want) || latest != tt.latest {
				t.Errorf("since(%d) = %v, latest %d; want %v, latest %d", tt.since, seqs, latest, tt.want, tt.latest)
			}
		})
	}
}

// requestsOf fetches the request log since seq.
func requestsOf(t *testing.T, h *harness, since string) (entries []map[string]any, latest float64) {
	t.Helper()
	r := h.doRaw("GET", "/__mock/api/requests?since="+since, nil)
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	m := r.json(t)
	if m["capacity"] != float64(requestLogCapacity) {
		t.Errorf("capacity = %v", m["capacity"])
	}
	for _, e := range m["entries"].([]any) {
		entries = append(entries, e.(map[string]any))
	}
	return entries, m["latest"].(float64)
}

func TestRequestLog(t *testing.T) {
	h := newHarness(t, Config{})
	signin := map[string]string{"email": "qa@example.com", "password": "x"}
	h.do("POST", "/api/auth/signin?__scenario=mfa-required", signin)
	h.doRaw("POST", "/api/user/refresh/profile", nil)
	h.doRaw("GET", "/__mock/use?scenario=expired-jwt", nil)
	// Not listed: the console's own calls, the mock's other endpoints, unknown paths, wrong methods.
	h.doRaw("GET", "/__mock/api/scenarios", nil)
	h.doRaw("GET", "/__mock/api/requests", nil)
	h.doRaw("POST", "/__mock/api/clock", map[string]string{"advance": "1h"})
	h.doRaw("GET", "/__mock/health", nil)
	h.doRaw("GET", "/__mock/", nil)
	h.doRaw("GET", "/api/nope", nil)
	h.doRaw("GET", "/api/auth/signin", nil)
	// Listed, at the mock's time.
	h.doRaw("GET", "/auth/user-profile", nil, "Cookie", "authmock_scenario=expired-jwt")

	want := []map[string]any{
		{"seq": 1.0, "time": "2026-03-04T05:06:07Z", "method": "POST", "path": "/api/auth/signin", "query": "__scenario=mfa-required", "status": 200.0, "scenario": "mfa-required"},
		{"seq": 2.0, "time": "2026-03-04T05:06:07Z", "method": "POST", "path": "/api/user/refresh/profile", "status": 403.0, "scenario": "default"},
		{"seq": 3.0, "time": "2026-03-04T05:06:07Z", "method": "GET", "path": "/__mock/use", "query": "scenario=expired-jwt", "status": 200.0, "scenario": ""},
		{"seq": 4.0, "time": "2026-03-04T06:06:07Z", "method": "GET", "path": "/auth/user-profile", "status": 401.0, "scenario": "expired-jwt"},
	}
	check := func(t *testing.T, got, want []map[string]any) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("got %d entries %v, want %d", len(got), got, len(want))
		}
		for i := range want {
			for k, v := range want[i] {
				if got[i][k] != v {
					t.Errorf("entry %d: %s = %v, want %v", i, k, got[i][k], v)
				}
			}
			if d, err := time.ParseDuration(fmt.Sprint(got[i]["latency"])); err != nil || d < 0 {
				t.Errorf("entry %d: latency %v", i, got[i]["latency"])
			}
			if len(got[i]) != len(want[i])+1 { // + latency
				t.Errorf("entry %d has other fields: %v", i, got[i])
			}
		}
	}
	t.Run("ok, API operations and /__mock/use, oldest first", func(t *testing.T) {
		got, latest := requestsOf(t, h, "")
		if latest != 4 {
			t.Errorf("latest = %v", latest)
		}
		check(t, got, want)
	})
	t.Run("ok, since", func(t *testing.T) {
		got, _ := requestsOf(t, h, "2")
		check(t, got, want[2:])
		got, latest := requestsOf(t, h, "4")
		check(t, got, nil)
		if latest != 4 {
			t.Errorf("latest = %v", latest)
		}
	})
	t.Run("ok, an empty log is an empty list", func(t *testing.T) {
		r := newHarness(t, Config{}).doRaw("GET", "/__mock/api/requests", nil)
		if string(r.body) != `{"latest":0,"capacity":200,"entries":[]}`+"\n" {
			t.Errorf("%s", r.body)
		}
	})
	for _, bad := range []string{"abc", "-1", "1.5", "99999999999999999999"} {
		t.Run("nok, since="+bad, func(t *testing.T) {
			if d := problemDetail(t, h.doRaw("GET", "/__mock/api/requests?since="+bad, nil), 400); d != `since: "`+bad+`" is not a request number (a non-negative integer)` {
				t.Errorf("detail = %q", d)
			}
		})
	}
}

func TestRequestLogBounded(t *testing.T) {
	h := newHarness(t, Config{})
	const n = requestLogCapacity + 5
	for i := 1; i <= n; i++ {
		h.doRaw("GET", fmt.Sprintf("/__mock/use?scenario=default&n=%d", i), nil)
	}
	got, latest := requestsOf(t, h, "0")
	if latest != n || len(got) != requestLogCapacity {
		t.Fatalf("latest %v, %d entries; want %d, %d", latest, len(got), n, requestLogCapacity)
	}
	for i, e := range got {
		seq := 6 + i
		if e["seq"] != float64(seq) || e["query"] != fmt.Sprintf("scenario=default&n=%d", seq) {
			t.Fatalf("entry %d = %v, want request %d", i, e, seq)
		}
	}
}

func TestRequestLogConcurrent(t *testing.T) {
	h := newHarnessAsIs(t, Config{})
	const writers, each = 8, 60
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				h.doRaw("GET", fmt.Sprintf("/__mock/use?scenario=default&w=%d&i=%d", w, i), nil)
			}
		})
	}
	wg.Go(func() {
		for range each {
			h.doRaw("GET", "/__mock/api/requests?since=10", nil)
		}
	})
	wg.Wait()
	got, latest := requestsOf(t, h, "0")
	if latest != writers*each || len(got) != requestLogCapacity || got[0]["seq"] != float64(writers*each-requestLogCapacity+1) {
		t.Errorf("latest %v, %d entries from %v", latest, len(got), got[0]["seq"])
	}
}

func TestRequestLogStrictViolations(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lie.yaml", "scenarios:\n  - name: lie\n    summary: s\n    operations:\n      refreshProfile:\n        profile: {accountType: owner}\n")
	tests := []struct {
		name       string
		strict     bool
		status     float64
		violations any
	}{
		{"ok, strict mode lists the violations", true, 500, []any{`response /profile/accountType: expected one of "super", "admin", "user", got "owner"`}},
		{"ok, without strict mode there are none", false, 200, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessAsIs(t, Config{ScenarioDirs: []string{dir}, Strict: tt.strict})
			tok := h.signin("liar@example.com")
			h.doRaw("POST", "/api/user/refresh/profile?__scenario=lie", nil, "x-access-token", tok)
			got, _ := requestsOf(t, h, "1")
			if len(got) != 1 || got[0]["status"] != tt.status || fmt.Sprint(got[0]["violations"]) != fmt.Sprint(tt.violations) {
				t.Errorf("entries %v, want status %v and violations %v", got, tt.status, tt.violations)
			}
			signin, _ := requestsOf(t, h, "0")
			if _, ok := signin[0]["violations"]; ok {
				t.Errorf("a valid answer has violations: %v", signin[0])
			}
		})
	}
}

func TestRequestLogLines(t *testing.T) {
	var out bytes.Buffer
	h := newHarnessAsIs(t, Config{Log: &out})
	h.doRaw("GET", "/__mock/api/requests?since=0", nil)
	h.doRaw("GET", "/__mock/api/clock", nil)
	h.doRaw("POST", "/api/auth/signin", map[string]string{"email": "a@b.co", "password": "x"})
	h.doRaw("POST", "/__mock/api/clock", map[string]string{"advance": "1h"})
	want := regexp.MustCompile(`^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d POST /api/auth/signin 200 scenario=default \S+\n` +
		`\d{4}/\d\d/\d\d \d\d:\d\d:\d\d POST /__mock/api/clock 200 scenario=- \S+\n$`)
	if !want.Match(out.Bytes()) {
		t.Errorf("log lines (the console's polling left out):\n%s", out.String())
	}
}
