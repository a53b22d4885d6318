package session

import (
	"container/list"
	"crypto/subtle"
	"sync"
	"time"
)

// ChallengeTTL is how long an MFA challenge can be answered.
const ChallengeTTL = 10 * time.Minute

// DefaultMaxChallenges bounds the pending challenges kept in memory.
const DefaultMaxChallenges = 10000

// maxAttempts is how many wrong codes a challenge takes before it is dropped.
const maxAttempts = 5

// Challenge is a pending MFA challenge: who signed in, and what the verify step must issue.
type Challenge struct {
	ID             string
	Email          string
	AccountType    string
	MandatorySuper bool
	Expires        time.Time
}

type pending struct {
	Challenge
	attempts int
	elem     *list.Element
}

// Challenges keeps pending MFA challenges, bounded in number and in time. When full, the oldest
// challenge is evicted. It is safe for concurrent use.
type Challenges struct {
	mu    sync.Mutex
	clock Clock
	code  string
	max   int
	byID  map[string]*pending
	order *list.List // oldest first; all challenges share one TTL, so this is also expiry order
}

// NewChallenges returns a store that accepts code and keeps at most max challenges (a max below 1
// means DefaultMaxChallenges).
func NewChallenges(clock Clock, code string, max int) *Challenges {
	if max < 1 {
		max = DefaultMaxChallenges
	}
	return &Challenges{clock: clock, code: code, max: max, byID: make(map[string]*pending), order: list.New()}
}

// Issue records a new challenge for c (its ID and Expires are set here) and returns it.
func (s *Challenges) Issue(c Challenge) Challenge {
	now := s.clock.Now()
	c.ID = NewObjectID()
	c.Expires = now.Add(ChallengeTTL)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purge(now)
	for len(s.byID) >= s.max {
		s.remove(s.order.Front().Value.(*pending))
	}
	p := &pending{Challenge: c}
	p.elem = s.order.PushBack(p)
	s.byID[c.ID] = p
	return c
}

// Verify answers challenge id with code. On success the challenge is consumed and returned. A wrong
// code leaves it pending until it has been tried maxAttempts times.
func (s *Challenges) Verify(id, code string) (Challenge, error) {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.byID[id]
	if !ok {
		return Challenge{}, ErrChallengeUnknown
	}
	if !now.Before(p.Expires) {
		s.remove(p)
		return Challenge{}, ErrChallengeExpired
	}
	if subtle.ConstantTimeCompare([]byte(code), []byte(s.code)) != 1 {
		p.attempts++
		if p.attempts >= maxAttempts {
			s.remove(p)
		}
		return Challenge{}, ErrCodeWrong
	}
	s.remove(p)
	return p.Challenge, nil
}

// Len returns the number of challenges held, expired ones not yet purged included.
func (s *Challenges) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byID)
}

// Max returns the most challenges the store holds.
func (s *Challenges) Max() int { return s.max }

func (s *Challenges) purge(now time.Time) {
	for e := s.order.Front(); e != nil; e = s.order.Front() {
		p := e.Value.(*pending)
		if now.Before(p.Expires) {
			return
		}
		s.remove(p)
	}
}

func (s *Challenges) remove(p *pending) {
	s.order.Remove(p.elem)
	delete(s.byID, p.ID)
}
