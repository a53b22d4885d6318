package users_test

import (
	"encoding/hex"
	"math"
	"net/mail"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"authmock/gen/pria"
	"authmock/users"
)

var (
	objectIDPattern   = regexp.MustCompile(`^[0-9a-f]{24}$`)
	customerIDPattern = regexp.MustCompile(`^cus_[A-Za-z0-9]{14}$`)
	worldNow          = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)
	planCredits       = map[string]int{"free": 100, "pro": 2000, "team": 5000, "enterprise": 25000}
)

// objectIDTime returns the creation time an ObjectId carries in its first four bytes.
func objectIDTime(t *testing.T, id string) time.Time {
	t.Helper()
	raw, err := hex.DecodeString(id[:8])
	if err != nil {
		t.Fatalf("ObjectId %q: %v", id, err)
	}
	return time.Unix(int64(raw[0])<<24|int64(raw[1])<<16|int64(raw[2])<<8|int64(raw[3]), 0).UTC()
}

func TestPriaProfileValues(t *testing.T) {
	for _, seed := range testSeeds {
		g := users.New(seed)
		for _, email := range testEmails {
			for _, accountType := range testAccountTypes {
				p := g.PriaProfile(email, accountType)
				name := strconv.FormatInt(seed, 10) + "/" + email + "/" + string(accountType)
				t.Run(name, func(t *testing.T) {
					checkPriaProfile(t, g, email, accountType, p)
				})
			}
		}
	}
}

func checkPriaProfile(t *testing.T, g *users.Generator, email string, accountType pria.AccountType, p pria.Profile) {
	t.Helper()
	if string(p.Email) != email || p.AccountType != accountType {
		t.Errorf("email, accountType = %q, %q, want %q, %q", p.Email, p.AccountType, email, accountType)
	}
	if !objectIDPattern.MatchString(p.UnderscoreId) || p.UnderscoreId != g.UserID(email) {
		t.Errorf("_id = %q, UserID = %q", p.UnderscoreId, g.UserID(email))
	}
	if created := *p.Created; !objectIDTime(t, p.UnderscoreId).Equal(created) || !created.Before(worldNow) {
		t.Errorf("created %v, _id time %v", created, objectIDTime(t, p.UnderscoreId))
	}
	if !customerIDPattern.MatchString(*p.CustomerId) || *p.CustomerId != g.CustomerID(email) {
		t.Errorf("customerId = %q, CustomerID = %q", *p.CustomerId, g.CustomerID(email))
	}
	if *p.Fname == "" || *p.Lname == "" || !strings.HasPrefix(*p.Picture, "https://") {
		t.Errorf("fname, lname, picture = %q, %q, %q", *p.Fname, *p.Lname, *p.Picture)
	}
	if credits, ok := planCredits[*p.Plan]; !ok || *p.Credits != credits || *p.CreditsUsed < 0 || *p.CreditsUsed > *p.Credits {
		t.Errorf("plan %q, credits %d, creditsUsed %d", *p.Plan, *p.Credits, *p.CreditsUsed)
	}
	if *p.Status != "active" {
		t.Errorf("status = %q", *p.Status)
	}
	if !p.TrialEnd.Equal(p.Created.Add(14 * 24 * time.Hour)) {
		t.Errorf("trial_end %v, created %v", *p.TrialEnd, *p.Created)
	}
	if end := *p.CurrentPeriodEnd; !end.After(worldNow) || end.After(worldNow.AddDate(0, 1, 4)) || end.Day() != p.Created.Day() && end.Day() > 3 {
		t.Errorf("current_period_end %v for created %v", end, *p.Created)
	}
	paid := *p.Plan != "free"
	if n := len(*p.InvoicesUrls); paid && (n < 1 || n > 3) || !paid && n != 0 {
		t.Errorf("plan %q with %d invoices", *p.Plan, n)
	}
	for _, u := range *p.InvoicesUrls {
		if !strings.HasPrefix(u, "https://invoice.stripe.com/i/acct_") {
			t.Errorf("invoice URL %q", u)
		}
	}
	if *p.CancelAtPeriodEnd && !paid || paid && !*p.TrialUsed {
		t.Errorf("plan %q, cancel_at_period_end %v, trial_used %v", *p.Plan, *p.CancelAtPeriodEnd, *p.TrialUsed)
	}
	if p.ReferralId.Version() != 4 || p.ResetCodeId.Version() != 4 || *p.ReferralId == *p.ResetCodeId {
		t.Errorf("referralId %v, resetCodeId %v", p.ReferralId, p.ResetCodeId)
	}
	if len(*p.Permissions) == 0 || *p.LxpRoleName == "" || *p.LxpUserId == "" || *p.LxpPartnerName != *p.Institution.Name {
		t.Errorf("permissions %v, lxp role %q, user %q, partner %q", *p.Permissions, *p.LxpRoleName, *p.LxpUserId, *p.LxpPartnerName)
	}

	inst := p.Institution
	if !objectIDPattern.MatchString(*inst.UnderscoreId) || *inst.Id != *inst.UnderscoreId {
		t.Errorf("institution _id %q, id %q", *inst.UnderscoreId, *inst.Id)
	}
	used := *inst.CreditsTotal - *inst.Credits
	if pct := float64(*inst.CreditsUsagePct); used < 0 || math.Abs(pct-float64(used)*100/float64(*inst.CreditsTotal)) > 0.01 {
		t.Errorf("institution credits %d of %d, usage %v%%", *inst.Credits, *inst.CreditsTotal, *inst.CreditsUsagePct)
	}
	if a, err := mail.ParseAddress(string(*inst.ContactEmail)); err != nil || a.Address != string(*inst.ContactEmail) {
		t.Errorf("institution contactEmail %q: %v", *inst.ContactEmail, err)
	}
	for _, u := range append([]string{*inst.Picture, *inst.PictureBg, *inst.PictureDarkBg, *inst.PictureAnimated}, *inst.PublicAuthorizedUrls...) {
		if !strings.HasPrefix(u, "https://") {
			t.Errorf("institution URL %q", u)
		}
	}
	if inst.PublicId.Version() != 4 || !strings.HasPrefix(*inst.ElevenlabsAgentId, "agent_") {
		t.Errorf("institution publicId %v, elevenlabs_agent_id %q", inst.PublicId, *inst.ElevenlabsAgentId)
	}
}

// The account type is the argument, not a draw: the rest of the user stays as it is.
func TestPriaAccountTypeChangesOnlyTheRole(t *testing.T) {
	roleKeys := []string{"accountType", "permissions", "lxp_role_id", "lxp_role_name", "lxp_user_type"}
	g := users.New(1)
	for _, email := range testEmails {
		t.Run(email, func(t *testing.T) {
			user := toJSON(t, g.PriaProfile(email, pria.User))
			for _, accountType := range []pria.AccountType{pria.Admin, pria.Super} {
				other := toJSON(t, g.PriaProfile(email, accountType))
				if other["accountType"] != string(accountType) {
					t.Errorf("accountType = %v, want %s", other["accountType"], accountType)
				}
				for _, k := range roleKeys {
					delete(other, k)
				}
				want := toJSON(t, g.PriaProfile(email, pria.User))
				for _, k := range roleKeys {
					delete(want, k)
				}
				if !reflect.DeepEqual(other, want) {
					t.Errorf("%s differs from user beyond %v", accountType, roleKeys)
				}
			}
			if len(user["permissions"].([]any)) >= len(toJSON(t, g.PriaProfile(email, pria.Super))["permissions"].([]any)) {
				t.Errorf("a user has as many permissions as a super")
			}
		})
	}
}

func TestPriaRefreshedProfileIsTheSameUser(t *testing.T) {
	stripped := []string{"password", "permissions", "__v", "created"}
	for _, seed := range testSeeds {
		g := users.New(seed)
		for _, email := range testEmails {
			t.Run(strconv.FormatInt(seed, 10)+"/"+email, func(t *testing.T) {
				signin := toJSON(t, g.PriaProfile(email, pria.Admin))
				refreshed := toJSON(t, g.PriaRefreshedProfile(email, pria.Admin))
				shared := 0
				for k, v := range refreshed {
					if sv, ok := signin[k]; ok {
						shared++
						if !reflect.DeepEqual(v, sv) {
							t.Errorf("%s: refreshed %v, signin %v", k, v, sv)
						}
					}
				}
				if shared < 25 {
					t.Errorf("only %d fields shared", shared)
				}
				for _, k := range stripped {
					if _, ok := refreshed[k]; ok {
						t.Errorf("refreshed profile has %s", k)
					}
				}
				for _, k := range []string{"institutionGoogleOAuthEnabled", "institutionGoogleWorkspaceEnabled", "institutionGoogleUseInstitutionAccount", "mustChangePassword"} {
					if refreshed[k] != false {
						t.Errorf("%s = %v, want false", k, refreshed[k])
					}
				}
				for _, k := range []string{"googleOAuthScopes", "institutionGoogleOAuthScopes"} {
					if s, ok := refreshed[k].([]any); !ok || len(s) != 0 {
						t.Errorf("%s = %#v, want []", k, refreshed[k])
					}
				}
			})
		}
	}
}

func TestPriaInstitutionIsSharedByDomain(t *testing.T) {
	g := users.New(1)
	a := g.PriaProfile("john.doe@mydomain.com", pria.User)
	b := g.PriaProfile("Colleague@MyDomain.com", pria.Admin)
	c := g.PriaProfile("a@b.co", pria.User)
	if !reflect.DeepEqual(a.Institution, b.Institution) || *a.LxpPartnerId != *b.LxpPartnerId {
		t.Errorf("colleagues at mydomain.com have different institutions: %s, %s", *a.Institution.Name, *b.Institution.Name)
	}
	if a.UnderscoreId == b.UnderscoreId {
		t.Errorf("colleagues share the _id %s", a.UnderscoreId)
	}
	if *a.Institution.UnderscoreId == *c.Institution.UnderscoreId {
		t.Errorf("mydomain.com and b.co share the institution %s", *a.Institution.UnderscoreId)
	}
}

// The profiles a caller gets do not share storage: changing one leaves the next as generated.
func TestPriaProfilesAreIndependent(t *testing.T) {
	g := users.New(1)
	const email = "john.doe@mydomain.com"
	p := g.PriaProfile(email, pria.User)
	*p.Fname = "Changed"
	(*p.Permissions)[0] = "changed"
	*p.Institution.Name = "Changed"
	q := g.PriaProfile(email, pria.User)
	if *q.Fname == "Changed" || (*q.Permissions)[0] == "changed" || *q.Institution.Name == "Changed" {
		t.Errorf("a change to one profile shows in the next")
	}
	if slices.Contains(*g.PriaProfile(email, pria.Super).Permissions, "changed") {
		t.Errorf("a change to one profile shows in another account type's")
	}
}

func BenchmarkPriaProfile(b *testing.B) {
	g := users.New(1)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.PriaProfile(testEmails[i%len(testEmails)], pria.User)
		i++
	}
}

func BenchmarkPriaRefreshedProfile(b *testing.B) {
	g := users.New(1)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.PriaRefreshedProfile(testEmails[i%len(testEmails)], pria.User)
		i++
	}
}

func BenchmarkUserID(b *testing.B) {
	g := users.New(1)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.UserID(testEmails[i%len(testEmails)])
		i++
	}
}
