package users

import (
	"time"

	"github.com/brianvoe/gofakeit/v7"
)

// priaPlan is a subscription plan, the credits it grants and how common it is (in a hundred).
type priaPlan struct {
	name    string
	credits int
	weight  int
}

var priaPlans = []priaPlan{
	{name: "free", credits: 100, weight: 40},
	{name: "pro", credits: 2000, weight: 35},
	{name: "team", credits: 5000, weight: 15},
	{name: "enterprise", credits: 25000, weight: 10},
}

// drawPlan draws a plan according to the plans' weights.
func drawPlan(f *gofakeit.Faker) priaPlan {
	n := f.IntN(100)
	for _, p := range priaPlans {
		if n < p.weight {
			return p
		}
		n -= p.weight
	}
	return priaPlans[0]
}

// nextMonthly returns the first monthly anniversary of anchor after after: the end of the current
// billing period of a subscription started at anchor.
func nextMonthly(anchor, after int64) int64 {
	start := time.Unix(anchor, 0).UTC()
	now := time.Unix(after, 0).UTC()
	months := (now.Year()-start.Year())*12 + int(now.Month()-start.Month())
	end := start.AddDate(0, months, 0)
	if !end.After(now) {
		end = start.AddDate(0, months+1, 0)
	}
	return end.Unix()
}
