package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
)

// TestSoakShort is the short form of `make soak`: a few seconds of the mixed workload, with no
// unexpected status and no goroutine left behind.
func TestSoakShort(t *testing.T) {
	var out, errb bytes.Buffer
	code := runSoak(context.Background(), []string{"--duration", "2s", "--workers", "4", "--json"}, &out, &errb)
	var rep soakReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report: %v\n%s\n%s", err, out.String(), errb.String())
	}
	if code != 0 || rep.Unexpected != 0 {
		t.Fatalf("code %d, %d unexpected: %v", code, rep.Unexpected, rep.UnexpectedSamples)
	}
	for _, s := range soakSteps {
		if rep.ByStep[s.name] == 0 {
			t.Errorf("step %q never ran", s.name)
		}
	}
	if rep.GoroutinesAfter > rep.GoroutinesBefore+2 {
		t.Errorf("goroutines before %d, after %d: a leak", rep.GoroutinesBefore, rep.GoroutinesAfter)
	}
	if st := rep.Stores["mfaChallenges"]; st.Max != soakMaxChallenges || st.Len == 0 || st.Len > st.Max {
		t.Errorf("challenge store %+v", st)
	}
	if st := rep.Stores["rateLimitBuckets"]; st.Max == 0 || st.Len == 0 || st.Len > st.Max {
		t.Errorf("rate-limit buckets %+v", st)
	}
	if rep.RSSStartKiB == 0 || rep.RSSEndKiB == 0 {
		t.Errorf("no memory figures: %+v", rep)
	}
}

func TestSoakRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--duration", "0s"}, {"--workers", "0"}, {"--duration", "2h"}} {
		var out, errb bytes.Buffer
		if code := runSoak(context.Background(), args, &out, &errb); code != 2 {
			t.Errorf("%v: code %d", args, code)
		}
	}
}
