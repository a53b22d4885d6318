package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// storeStats is the size of one bounded store and its bound.
type storeStats struct {
	Len int `json:"len"`
	Max int `json:"max"`
}

// statsAnswer is GET /__mock/api/stats: the in-memory stores that grow with traffic, each with the
// bound it never passes.
type statsAnswer struct {
	MFAChallenges    storeStats  `json:"mfaChallenges"`
	RequestLog       storeStats  `json:"requestLog"`
	RateLimitBuckets *storeStats `json:"rateLimitBuckets,omitempty"` // only with --rate-limit
}

func (s *server) stats(c echo.Context) error {
	a := statsAnswer{
		MFAChallenges: storeStats{Len: s.challenges.Len(), Max: s.challenges.Max()},
		RequestLog:    storeStats{Len: s.requests.len(), Max: s.requests.capacity()},
	}
	if s.limiter != nil {
		a.RateLimitBuckets = &storeStats{Len: s.limiter.len(), Max: s.limiter.max}
	}
	return c.JSON(http.StatusOK, a)
}
