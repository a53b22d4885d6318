package session

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestChallenges(t *testing.T) {
	now := t0
	clock := ClockFunc(func() time.Time { return now })

	t.Run("ok, issue then verify once", func(t *testing.T) {
		s := NewChallenges(clock, "123456", 10)
		c := s.Issue(Challenge{Email: "a@b.co", AccountType: "super", MandatorySuper: true})
		if len(c.ID) != 24 || !c.Expires.Equal(t0.Add(10*time.Minute)) {
			t.Fatalf("issued %+v", c)
		}
		got, err := s.Verify(c.ID, "123456")
		if err != nil || got.Email != "a@b.co" || got.AccountType != "super" || !got.MandatorySuper {
			t.Fatalf("Verify = %+v, %v", got, err)
		}
		if _, err := s.Verify(c.ID, "123456"); !errors.Is(err, ErrChallengeUnknown) {
			t.Errorf("second verify: %v, want ErrChallengeUnknown", err)
		}
	})
	t.Run("nok, wrong code keeps it until five tries", func(t *testing.T) {
		s := NewChallenges(clock, "123456", 10)
		c := s.Issue(Challenge{Email: "a@b.co"})
		for i := 0; i < 4; i++ {
			if _, err := s.Verify(c.ID, "000000"); !errors.Is(err, ErrCodeWrong) {
				t.Fatalf("try %d: %v", i, err)
			}
		}
		if _, err := s.Verify(c.ID, "123456"); err != nil {
			t.Fatalf("right code after four wrong: %v", err)
		}
		c = s.Issue(Challenge{Email: "a@b.co"})
		for i := 0; i < 5; i++ {
			_, _ = s.Verify(c.ID, "000000")
		}
		if _, err := s.Verify(c.ID, "123456"); !errors.Is(err, ErrChallengeUnknown) {
			t.Errorf("after five wrong codes: %v, want ErrChallengeUnknown", err)
		}
	})
	t.Run("nok, expired after ten minutes", func(t *testing.T) {
		s := NewChallenges(clock, "123456", 10)
		c := s.Issue(Challenge{Email: "a@b.co"})
		now = t0.Add(10 * time.Minute)
		defer func() { now = t0 }()
		if _, err := s.Verify(c.ID, "123456"); !errors.Is(err, ErrChallengeExpired) {
			t.Errorf("err = %v, want ErrChallengeExpired", err)
		}
		if s.Len() != 0 {
			t.Errorf("Len = %d after expiry, want 0", s.Len())
		}
	})
	t.Run("ok, bounded: the oldest is evicted", func(t *testing.T) {
		s := NewChallenges(clock, "123456", 3)
		first := s.Issue(Challenge{Email: "0@b.co"})
		for i := 1; i < 5; i++ {
			s.Issue(Challenge{Email: fmt.Sprintf("%d@b.co", i)})
		}
		if s.Len() != 3 {
			t.Errorf("Len = %d, want 3", s.Len())
		}
		if _, err := s.Verify(first.ID, "123456"); !errors.Is(err, ErrChallengeUnknown) {
			t.Errorf("oldest: %v, want ErrChallengeUnknown", err)
		}
	})
	t.Run("ok, expired ones are purged on issue", func(t *testing.T) {
		s := NewChallenges(clock, "123456", 100)
		for i := 0; i < 50; i++ {
			s.Issue(Challenge{})
		}
		now = t0.Add(11 * time.Minute)
		defer func() { now = t0 }()
		s.Issue(Challenge{})
		if s.Len() != 1 {
			t.Errorf("Len = %d, want 1", s.Len())
		}
	})
	t.Run("ok, concurrent use", func(t *testing.T) {
		s := NewChallenges(clock, "123456", 64)
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < 100; j++ {
					c := s.Issue(Challenge{})
					_, _ = s.Verify(c.ID, "123456")
				}
			}()
		}
		wg.Wait()
	})
}

func TestOffsetClock(t *testing.T) {
	c := &OffsetClock{Base: ClockFunc(func() time.Time { return t0 })}
	if !c.Now().Equal(t0) {
		t.Fatal("zero offset moved the clock")
	}
	if got := c.Advance(6 * time.Hour); got != 6*time.Hour {
		t.Errorf("Advance = %v", got)
	}
	if !c.Now().Equal(t0.Add(6 * time.Hour)) {
		t.Errorf("Now = %v", c.Now())
	}
	c.SetOffset(0)
	if c.Offset() != 0 || !c.Now().Equal(t0) {
		t.Errorf("reset: offset %v now %v", c.Offset(), c.Now())
	}
}
