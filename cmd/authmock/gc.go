package main

import (
	"os"
	"runtime/debug"
)

// The garbage collector's settings of `serve`, unless GOGC or GOMEMLIMIT set them: collect when the
// heap has grown by 250 % rather than 100 %, and sooner as the Go runtime's memory nears 64 MiB. A
// request allocates a few kilobytes that die with it, so Go's default spends a tenth of a busy
// mock's CPU collecting. Under wrk on two cores these settings answered about 25 % more signins and
// 20 % more profiles at 32 connections (peak RSS 29 -> 36 MB), and as many as the default at 1,000
// connections (79 against 74 MB). The limit is a ceiling, not a target: a limit near the mock's
// working set (24 MiB was tried) made it collect without end at 1,000 connections, three times
// slower than the default.
const (
	gcPercent   = 250
	memoryLimit = 64 << 20
)

// validateGCPercent is the collector's setting of `validate`, unless GOGC sets it: a batch run over
// files already in memory trades memory for a quarter less time collecting. It sets no limit.
const validateGCPercent = 400

// tuneGC applies serve's settings, each unless its environment variable is set.
func tuneGC() {
	tuneGCWith(os.Getenv)
}

func tuneGCWith(getenv func(string) string) {
	setGC(getenv, gcPercent, memoryLimit)
}

// setGC sets the collector's percent and, when limit > 0, its soft memory limit, each unless GOGC or
// GOMEMLIMIT says otherwise.
func setGC(getenv func(string) string, percent int, limit int64) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
	if limit > 0 && getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
}
