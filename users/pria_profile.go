package users

import (
	"encoding/json"
	"strconv"

	"authmock/gen/pria"

	"github.com/brianvoe/gofakeit/v7"
	openapi_types "github.com/oapi-codegen/runtime/types"
)

var (
	browserVoices = []string{"Google US English", "Google UK English Female", "Samantha", "Alex", "Microsoft Aria Online (Natural) - English (United States)"}
	historyCounts = []int{5, 10, 20, 50}
	dialogueCaps  = []int{10, 20, 50, 100}
)

// priaRole is what an account type gives a user in Pria and on its learning platform.
type priaRole struct {
	permissions []string
	lxpUserType int
	lxpRoleID   int
	lxpRoleName string
}

// roleOf returns the role of accountType. It draws nothing, so that one email has the same values
// under every account type but these.
func roleOf(accountType pria.AccountType) priaRole {
	switch accountType {
	case pria.Super:
		return priaRole{
			permissions: []string{"chat", "files", "assistants", "institution:manage", "institutions:manage", "billing:manage"},
			lxpUserType: 3, lxpRoleID: 1, lxpRoleName: "Administrator",
		}
	case pria.Admin:
		return priaRole{
			permissions: []string{"chat", "files", "assistants", "institution:manage"},
			lxpUserType: 2, lxpRoleID: 2, lxpRoleName: "Instructor",
		}
	default:
		return priaRole{
			permissions: []string{"chat", "files"},
			lxpUserType: 1, lxpRoleID: 3, lxpRoleName: "Learner",
		}
	}
}

// priaIDs are the identifiers of a Pria user. They are drawn right after the person, so that UserID
// and CustomerID need not build the whole profile.
type priaIDs struct {
	created    int64
	id         string
	customerID string
}

func drawPriaIDs(f *gofakeit.Faker) priaIDs {
	created := unixBetween(f, worldNow-3*365*day, worldNow-30*day)
	return priaIDs{created: created, id: objectID(f, created), customerID: stripeCustomerID(f)}
}

// PriaProfile returns the Pria profile of email, the one signin, MFA verify and the SSO callback
// return, with every field filled. The email is written as given; accountType is taken as is.
func (g *Generator) PriaProfile(email string, accountType pria.AccountType) pria.Profile {
	p, _, _ := g.priaProfile(email, accountType)
	return p
}

// PriaRefreshedProfile returns the profile the refresh endpoint returns: the same user as
// PriaProfile (same ids, names, plan, credits, dates and institution), with the refresh page's fields
// and without the fields that page strips (password, permissions, __v, created). Google OAuth and
// Workspace are off for the institution and no scope is granted.
func (g *Generator) PriaRefreshedProfile(email string, accountType pria.AccountType) pria.RefreshedProfile {
	r, _ := g.priaRefreshedProfile(email, accountType)
	return r
}

// PriaJSON is a Pria user encoded once: its identifiers and its two profiles as encoding/json writes
// them. Generator.PriaJSON hands the same strings to every caller; strings cannot be changed, so no
// caller sees another's changes.
type PriaJSON struct {
	// ID and CustomerID are UserID(email) and CustomerID(email).
	ID, CustomerID string
	// Profile is PriaProfile(email, accountType) encoded; Refreshed is PriaRefreshedProfile's.
	Profile, Refreshed string
}

// PriaJSON returns the Pria user of email under accountType encoded, from a bounded cache after the
// first call: the handlers answer with it instead of drawing and encoding the same user on every
// request. The error is encoding/json's, e.g. for an email the generated Email type refuses.
func (g *Generator) PriaJSON(email string, accountType pria.AccountType) (PriaJSON, error) {
	k := memoKey{email: email, variant: string(accountType)}
	if v, ok := g.priaJSON.Get(k); ok {
		return v, nil
	}
	p, f, a := g.priaProfile(email, accountType)
	profile, err := json.Marshal(p)
	if err != nil {
		return PriaJSON{}, err
	}
	refreshed, err := json.Marshal(refreshedOf(p, f, a))
	if err != nil {
		return PriaJSON{}, err
	}
	v := PriaJSON{ID: p.UnderscoreId, CustomerID: *p.CustomerId, Profile: string(profile), Refreshed: string(refreshed)}
	g.priaJSON.Put(k, v)
	return v, nil
}

// priaRefreshedProfile builds the refreshed profile of email and returns it with its arena.
func (g *Generator) priaRefreshedProfile(email string, accountType pria.AccountType) (pria.RefreshedProfile, *arena) {
	p, f, a := g.priaProfile(email, accountType)
	return refreshedOf(p, f, a), a
}

// refreshedOf turns the profile p, drawn from f into a, into the refresh page's profile, drawing its
// own fields from f after p's.
func refreshedOf(p pria.Profile, f *gofakeit.Faker, a *arena) pria.RefreshedProfile {
	return pria.RefreshedProfile{
		UnderscoreId:         p.UnderscoreId,
		Email:                p.Email,
		Fname:                p.Fname,
		Lname:                p.Lname,
		Picture:              p.Picture,
		AccountType:          p.AccountType,
		Credits:              p.Credits,
		CreditsUsed:          p.CreditsUsed,
		Plan:                 p.Plan,
		Status:               p.Status,
		CustomerId:           p.CustomerId,
		Institution:          p.Institution,
		RememberHistoryCount: p.RememberHistoryCount,
		BrowserVoice:         p.BrowserVoice,
		RtVoice:              p.RtVoice,
		UseLocation:          p.UseLocation,
		ShowSideBar:          p.ShowSideBar,
		DarkMode:             p.DarkMode,
		MaxDialogues:         p.MaxDialogues,
		ResetCodeId:          a.str(p.ResetCodeId.String()), // a plain string on the refresh page
		ReferralId:           a.str(p.ReferralId.String()),
		TrialEnd:             p.TrialEnd,
		TrialUsed:            p.TrialUsed,
		CurrentPeriodEnd:     p.CurrentPeriodEnd,
		CancelAtPeriodEnd:    p.CancelAtPeriodEnd,
		LxpUserId:            p.LxpUserId,
		LxpPartnerName:       p.LxpPartnerName,
		LxpRoleName:          p.LxpRoleName,

		// Drawn after the whole profile, so that they leave the shared fields as signin shows them.
		BrowserVoices:   ptr(map[string]any{"en-US": *p.BrowserVoice}),
		UseStt:          a.flag(chance(f, 30)),
		PinUi:           a.flag(chance(f, 50)),
		GalleryAsGrid:   a.flag(chance(f, 50)),
		ShowPriaOptions: a.flag(chance(f, 70)),
		RagOnlySearch:   a.flag(chance(f, 10)),

		MustChangePassword:                     a.flag(false),
		UpdatePasswordOnSSO:                    a.flag(false),
		CanvasApiToken:                         ptr(map[string]any{}),
		GoogleLoginToken:                       ptr(map[string]any{}),
		GoogleOAuthScopes:                      a.list([]string{}),
		InstitutionGoogleOAuthEnabled:          a.flag(false),
		InstitutionGoogleOAuthScopes:           a.list([]string{}),
		InstitutionGoogleWorkspaceEnabled:      a.flag(false),
		InstitutionGoogleUseInstitutionAccount: a.flag(false),
	}
}

// UserID returns the Pria _id of email (24 lower-case hex digits), the _id of its profiles.
func (g *Generator) UserID(email string) string {
	f := g.stream(nsUser, identity(email))
	drawPerson(f)
	return drawPriaIDs(f).id
}

// CustomerID returns the Stripe customer id of email ("cus_" and 14 letters or digits), the
// customerId of its profiles.
func (g *Generator) CustomerID(email string) string {
	f := g.stream(nsUser, identity(email))
	drawPerson(f)
	return drawPriaIDs(f).customerID
}

// priaProfile builds the profile of email and returns it with the stream and the arena it was drawn
// from, for PriaRefreshedProfile to go on with. Nothing here draws according to accountType.
func (g *Generator) priaProfile(email string, accountType pria.AccountType) (pria.Profile, *gofakeit.Faker, *arena) {
	id := identity(email)
	f := g.stream(nsUser, id)
	a := new(arena)

	// Draws happen in the order written: reordering them changes every user.
	who := drawPerson(f)
	ids := drawPriaIDs(f)
	plan := drawPlan(f)
	paid := plan.name != "free"
	invoices := 0
	if paid {
		invoices = between(f, 1, 3)
	}
	role := roleOf(accountType)
	inst, partner := g.priaInstitution(domainOf(id), a)

	p := pria.Profile{
		UnderscoreId:          ids.id,
		Email:                 openapi_types.Email(email),
		Fname:                 a.str(who.first),
		Lname:                 a.str(who.last),
		Picture:               a.str(token(f, "https://lh3.googleusercontent.com/a/ACg8oc", mixedAlnum, 50) + "=s96-c"),
		AccountType:           accountType,
		Permissions:           a.list(role.permissions),
		CustomerId:            a.str(ids.customerID),
		LxpUserId:             a.str(strconv.Itoa(between(f, 100000, 999999))),
		LxpUserType:           a.num(role.lxpUserType),
		LxpPartnerId:          a.str(partner.id),
		LxpPartnerName:        a.str(partner.name),
		LxpRoleId:             a.num(role.lxpRoleID),
		LxpRoleName:           a.str(role.lxpRoleName),
		Credits:               a.num(plan.credits),
		CreditsUsed:           a.num(f.IntN(plan.credits + 1)),
		Plan:                  a.str(plan.name),
		Status:                a.str("active"),
		TrialEnd:              a.unix(ids.created + 14*day),
		TrialUsed:             a.flag(chance(f, 30) || paid),
		CurrentPeriodEnd:      a.unix(nextMonthly(ids.created, worldNow)),
		CancelAtPeriodEnd:     a.flag(chance(f, 10) && paid),
		ReferralId:            a.uuid(uuidV4(f)),
		ReferrerPaid:          a.flag(chance(f, 20)),
		ResetCodeId:           a.uuid(uuidV4(f)),
		InvoicesUrls:          a.list(stripeInvoiceURLs(f, invoices)),
		RememberHistoryCount:  a.num(pick(f, historyCounts)),
		BrowserVoice:          a.str(pick(f, browserVoices)),
		RtVoice:               a.str(pick(f, realtimeVoices)),
		UseLocation:           a.flag(chance(f, 30)),
		ShowSideBar:           a.flag(chance(f, 80)),
		DarkMode:              a.flag(chance(f, 40)),
		MaxDialogues:          a.num(pick(f, dialogueCaps)),
		Created:               a.unix(ids.created),
		UnderscoreUnderscoreV: a.num(between(f, 0, 40)),
		Institution:           inst,
	}
	return p, f, a
}
