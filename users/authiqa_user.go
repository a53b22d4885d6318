package users

import (
	"strconv"

	"authmock/gen/authiqa"

	"github.com/brianvoe/gofakeit/v7"
)

var (
	organizationSuffixes = []string{"Labs", "Technologies", "Inc", "Group", "Systems", "Software", "Solutions", "Corp"}
	organizationTLDs     = []string{".com", ".io", ".co", ".dev"}
)

// authiqaOrganization is what a parent account sets up and its children inherit.
type authiqaOrganization struct {
	name, url string
	// parentKey is the publicKey of the parent account the organisation's children hang from.
	parentKey            string
	domainRestricted     bool
	verificationRequired bool
}

// authiqaOrganization returns the organisation of the users of domain. It has a stream of its own,
// keyed by the domain, so that colleagues share it.
func (g *Generator) authiqaOrganization(domain string) authiqaOrganization {
	f := g.stream(nsOrganization, domain)
	name := f.LastName() + " " + pick(f, organizationSuffixes)
	url := "https://" + slug(name) + pick(f, organizationTLDs)
	created := unixBetween(f, worldNow-4*365*day, worldNow-2*365*day)
	return authiqaOrganization{
		name:                 name,
		url:                  url,
		parentKey:            authiqaPublicKey(f, created),
		domainRestricted:     chance(f, 60),
		verificationRequired: chance(f, 50),
	}
}

// authiqaIDs are the identifiers of an Authiqa user. They are drawn right after the person, so that
// AuthiqaUserID need not build the whole user.
type authiqaIDs struct {
	userID    string
	created   int64
	publicKey string
}

func drawAuthiqaIDs(f *gofakeit.Faker) authiqaIDs {
	userID := authiqaUserID(f)
	created := unixBetween(f, worldNow-2*365*day, worldNow-30*day)
	return authiqaIDs{userID: userID, created: created, publicKey: authiqaPublicKey(f, created)}
}

// AuthiqaUserID returns the Authiqa userID of email, the userID of its AuthiqaUser in both shapes.
func (g *Generator) AuthiqaUserID(email string) string {
	f := g.stream(nsUser, identity(email))
	drawPerson(f)
	return drawAuthiqaIDs(f).userID
}

// AuthiqaUser returns the Authiqa user of email, every field filled, as a parent account or, when
// child is set, as a child account. Both shapes of one email share their ids, username, dates,
// provider and counters. A parent has parentAccount "ROOT", its balances, Google SSO configuration and
// the organisation's URLs; a child has the publicKey of its organisation's parent as parentAccount,
// null organizationUrl and authUrls, and no balance or SSO member at all. Absent nullable members are
// written as null, and the email as given.
func (g *Generator) AuthiqaUser(email string, child bool) authiqa.AuthiqaUser {
	return unionOf(g.AuthiqaJSON(email, child))
}

// AuthiqaJSON returns AuthiqaUser(email, child) as encoding/json writes it, from a bounded cache after
// the first call: the handler answers with it instead of drawing and encoding the same user on every
// request. Every caller gets the same string, which cannot be changed.
func (g *Generator) AuthiqaJSON(email string, child bool) string {
	k := memoKey{email: email, variant: string(authiqa.AuthiqaUserFieldsAccountTypeParent)}
	if child {
		k.variant = string(authiqa.AuthiqaUserFieldsAccountTypeChild)
	}
	if s, ok := g.authiqaJSON.Get(k); ok {
		return s
	}
	d, _ := g.authiqaUser(email, child)
	s := string(d.encode())
	g.authiqaJSON.Put(k, s)
	return s
}

// authiqaUser builds the Authiqa user of email and returns it with its arena.
func (g *Generator) authiqaUser(email string, child bool) (*userJSON, *arena) {
	id := identity(email)
	f := g.stream(nsUser, id)
	a := new(arena)

	// Every value is drawn for both shapes, in the order written, so that the two agree on what they
	// both show: reordering the draws changes every user.
	who := drawPerson(f)
	ids := drawAuthiqaIDs(f)
	org := g.authiqaOrganization(domainOf(id))
	username := drawUsername(f, who)
	verified := chance(f, 90)
	lastLogin := unixBetween(f, ids.created, worldNow)
	google := chance(f, 30)
	googleID := googleAccountID(f)
	orgUpdates := between(f, 0, 12)
	resends := between(f, 0, 2)
	resetRequests := sometimes(f, 25, 3)
	passwordUpdates := sometimes(f, 40, 3)
	signIns := between(f, 1, 400)
	orgRetrievals := between(f, 0, 60)
	childListRetrievals := between(f, 0, 25)
	failedLogins := sometimes(f, 15, 2)
	passwordChangedAt := unixBetween(f, ids.created, lastLogin)
	lastAttemptAt := unixBetween(f, lastLogin, worldNow)
	resetRequestedAt := unixBetween(f, ids.created, lastLogin)
	balanceCents := between(f, 500, 50000)
	if chance(f, 15) {
		balanceCents /= 100 // a balance running low
	}
	availableCents := balanceCents - between(f, 0, min(balanceCents, 2500))
	lowAt := unixBetween(f, ids.created, worldNow)
	criticalAt := unixBetween(f, lowAt, worldNow)
	depletedAt := unixBetween(f, criticalAt, worldNow)
	ssoEnabled := chance(f, 50)
	clientID := googleClientID(f)

	provider := authiqa.AuthiqaUserFieldsAuthProviderEmail
	if google {
		provider = authiqa.AuthiqaUserFieldsAuthProviderGoogle
	}
	confirmations := 0
	if verified {
		confirmations = 1
	}
	d := userJSON{
		AuthiqaUserFields: authiqa.AuthiqaUserFields{
			UserID:                            ids.userID,
			Username:                          a.str(username),
			PublicKey:                         a.str(ids.publicKey),
			AccountType:                       authiqa.AuthiqaUserFieldsAccountTypeParent,
			ParentAccount:                     a.str("ROOT"),
			AccountStatus:                     authiqa.AuthiqaUserFieldsAccountStatusActive,
			EmailVerified:                     a.flag(verified),
			CreatedAt:                         a.float(float64(ids.created)),
			UpdatedAt:                         a.float(float64(lastLogin)), // signing in updates the account
			LastLogin:                         a.float(float64(lastLogin)),
			OrganizationName:                  a.str(org.name),
			DomainRestrictionEnabled:          a.flag(org.domainRestricted),
			EmailVerificationRequired:         a.flag(org.verificationRequired),
			AuthProvider:                      &provider,
			LastLoginProvider:                 a.str(string(provider)),
			OrganizationUpdateCount:           a.float(float64(orgUpdates)),
			EmailConfirmationCount:            a.float(float64(confirmations)),
			ResendEmailCount:                  a.float(float64(resends)),
			ResetPasswordRequestCount:         a.float(float64(resetRequests)),
			PasswordUpdateCount:               a.float(float64(passwordUpdates)),
			SignInCount:                       a.float(float64(signIns)),
			OrganizationDetailsRetrievalCount: a.float(float64(orgRetrievals)),
			ChildAccountsListRetrievalCount:   a.float(float64(childListRetrievals)),
			LoginAttempts:                     a.float(float64(failedLogins)),
		},
		Email: email,
	}
	if google {
		d.GoogleId = a.str(googleID)
	}
	if passwordUpdates > 0 {
		d.LastPasswordChanged = a.float(float64(passwordChangedAt))
	}
	if failedLogins > 0 {
		d.LastLoginAttempt = a.float(float64(lastAttemptAt))
	}
	if resetRequests > 0 {
		d.LastResetPasswordRequestAt = a.float(float64(resetRequestedAt))
	}

	if child {
		d.AccountType = authiqa.AuthiqaUserFieldsAccountTypeChild
		d.ParentAccount = a.str(org.parentKey)
		// A child has no say over the organisation.
		d.OrganizationUpdateCount = a.float(0)
		d.OrganizationDetailsRetrievalCount = a.float(0)
		d.ChildAccountsListRetrievalCount = a.float(0)
		return &d, a
	}

	d.OrganizationUrl = a.str(org.url)
	d.AuthUrls = &map[string]string{"signin": org.url + "/signin", "signup": org.url + "/signup"}
	d.AccountBalance = a.float(float64(balanceCents) / 100)
	d.AvailableBalance = a.float(float64(availableCents) / 100)
	d.GoogleSsoConfig = &authiqa.GoogleSsoConfig{Enabled: a.flag(ssoEnabled), ClientId: a.str(clientID)}
	// The notifications a balance this low has set off.
	if availableCents < 500 {
		d.LastLowBalanceNotificationAt = a.float(float64(lowAt))
	}
	if availableCents < 100 {
		d.LastCriticalBalanceNotificationAt = a.float(float64(criticalAt))
	}
	if availableCents == 0 {
		d.LastDepletedBalanceNotificationAt = a.float(float64(depletedAt))
	}
	return &d, a
}

// drawUsername returns a username made of the person's names, sometimes with a number.
func drawUsername(f *gofakeit.Faker, who person) string {
	var buf [48]byte
	b := appendSlug(buf[:0], who.first)
	b = appendSlug(b, who.last)
	if chance(f, 50) {
		b = strconv.AppendInt(b, int64(between(f, 1, 99)), 10)
	}
	return string(b)
}

// sometimes returns 0, or with a probability of pct in a hundred a count in [1, most].
func sometimes(f *gofakeit.Faker, pct, most int) int {
	n := between(f, 1, most)
	if !chance(f, pct) {
		return 0
	}
	return n
}
