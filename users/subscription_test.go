package users

import (
	"testing"
	"time"
)

func TestPlanWeightsMakeAHundred(t *testing.T) {
	sum := 0
	for _, p := range priaPlans {
		sum += p.weight
	}
	if sum != 100 {
		t.Errorf("plan weights add up to %d, want 100", sum)
	}
}

func TestNextMonthly(t *testing.T) {
	at := func(s string) int64 {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v.Unix()
	}
	tests := []struct {
		name, anchor, after, want string
	}{
		{"ok, later this month", "2023-03-15T10:00:00Z", "2026-01-01T00:00:00Z", "2026-01-15T10:00:00Z"},
		{"ok, earlier in the month rolls to the next", "2023-03-15T10:00:00Z", "2026-01-20T00:00:00Z", "2026-02-15T10:00:00Z"},
		{"ok, the same instant is not after", "2023-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"},
		{"ok, the 31st overflows as time.AddDate does", "2023-01-31T08:00:00Z", "2026-02-01T00:00:00Z", "2026-03-03T08:00:00Z"},
		{"ok, anchor in the previous month", "2025-12-20T00:00:00Z", "2026-01-01T00:00:00Z", "2026-01-20T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := time.Unix(nextMonthly(at(tt.anchor), at(tt.after)), 0).UTC().Format(time.RFC3339)
			if got != tt.want {
				t.Errorf("nextMonthly(%s, %s) = %s, want %s", tt.anchor, tt.after, got, tt.want)
			}
		})
	}
}
