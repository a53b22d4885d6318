package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// clockAnswer is the mock's clock as the console shows it.
type clockAnswer struct {
	Now           time.Time `json:"now"`
	Offset        string    `json:"offset"`
	OffsetSeconds float64   `json:"offsetSeconds"`
}

// clockNow is the clock as GET /__mock/api/clock tells it.
func (s *server) clockNow() clockAnswer {
	d := s.clock.Offset()
	return clockAnswer{Now: s.clock.Now().UTC(), Offset: d.String(), OffsetSeconds: d.Seconds()}
}

// getClock tells the mock's now and how far it runs ahead of the real clock.
func (s *server) getClock(c echo.Context) error {
	return c.JSON(http.StatusOK, s.clockNow())
}

// setClock moves the clock: {"advance": "6h"} forward by a duration, {"offset": "24h"} to a
// given offset from the real clock.
func (s *server) setClock(c echo.Context) error {
	var body struct {
		Advance *string `json:"advance"`
		Offset  *string `json:"offset"`
	}
	const want = `{"advance": DURATION} or {"offset": DURATION}`
	if msg := decodeControlBody(c, &body, want); msg != "" {
		return writeProblem(c, http.StatusBadRequest, msg)
	}
	if (body.Advance == nil) == (body.Offset == nil) {
		return writeProblem(c, http.StatusBadRequest, "body: want "+want+", one of the two")
	}
	field, value := "advance", body.Advance
	if body.Offset != nil {
		field, value = "offset", body.Offset
	}
	d, err := time.ParseDuration(*value)
	if err != nil {
		return writeProblem(c, http.StatusBadRequest, field+": "+quote(*value)+" is not a duration such as 1h, 6h or 24h")
	}
	if d < 0 {
		return writeProblem(c, http.StatusBadRequest, field+": "+quote(*value)+" is negative; the clock only moves forward (DELETE resets it)")
	}
	target := d
	if field == "advance" {
		if d > maxClockOffset-s.clock.Offset() { // checked before adding: the sum could overflow
			return writeProblem(c, http.StatusBadRequest, field+": would put the clock more than "+maxClockOffset.String()+" ahead")
		}
		target = s.clock.Offset() + d
	}
	if target > maxClockOffset {
		return writeProblem(c, http.StatusBadRequest, field+": would put the clock more than "+maxClockOffset.String()+" ahead")
	}
	// A concurrent move between Offset and SetOffset loses one of the two; the console is one
	// person's tool, so last write wins.
	s.clock.SetOffset(target)
	return c.JSON(http.StatusOK, s.clockNow())
}

// resetClock puts the clock back on the real time.
func (s *server) resetClock(c echo.Context) error {
	s.clock.SetOffset(0)
	return c.JSON(http.StatusOK, s.clockNow())
}
