package users

import (
	"strconv"

	"authmock/gen/pria"

	"github.com/brianvoe/gofakeit/v7"
	"github.com/brianvoe/gofakeit/v7/data"
	openapi_types "github.com/oapi-codegen/runtime/types"
)

var (
	institutionKinds = []string{"University", "State University", "College", "Community College", "Institute of Technology", "Academy"}
	assistantNames   = []string{"Pria", "Pria", "Ava", "Sage", "Nova", "Atlas", "Iris"}
	contactMailboxes = []string{"support", "helpdesk", "edtech", "it", "digital.learning"}
	joiningModes     = []string{"domain", "invite", "code"}
	questionTypes    = []string{"open", "multiple_choice", "mixed"}
	priaTools        = []string{"web_search", "image_generation", "code_interpreter", "file_search", "canvas"}
	// realtimeVoices are the voices of OpenAI's realtime API, which Pria's voice mode uses.
	realtimeVoices      = []string{"alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse"}
	completionTokenCaps = []int{4096, 8192, 16384}
	institutionCredits  = []int{100000, 250000, 500000, 1000000}
	creditAwards        = []int{50, 100, 250, 500}
	fileCaps            = []int{5, 10, 20, 50}
)

// lxpPartner is the learning platform partner an institution is known as.
type lxpPartner struct {
	id, name string
}

// priaInstitution returns the institution of the users of domain. It has a stream of its own, keyed
// by the domain, so that colleagues share it whatever their own values.
func (g *Generator) priaInstitution(domain string, a *arena) (*pria.Institution, lxpPartner) {
	f := g.stream(nsInstitution, domain)

	// Fields are drawn in the order written: reordering them changes every institution.
	name := pick(f, data.School["name"]) + " " + pick(f, institutionKinds)
	host := slug(name)
	site := "https://www." + host + ".edu"
	created := unixBetween(f, worldNow-5*365*day, worldNow-3*365*day)
	id := objectID(f, created)
	creditsTotal := pick(f, institutionCredits)
	creditsUsed := f.IntN(creditsTotal + 1)
	// Two decimals, as a percentage is shown.
	usagePct := float32(creditsUsed*10000/creditsTotal) / 100
	contact := openapi_types.Email(pick(f, contactMailboxes) + "@" + host + ".edu")

	inst := &pria.Institution{
		UnderscoreId:             a.str(id),
		Id:                       a.str(id), // Mongoose's virtual id, the _id as a string
		Name:                     a.str(name),
		Picture:                  a.str(site + "/assets/logo.png"),
		PictureBg:                a.str(site + "/assets/logo-light-bg.png"),
		PictureDarkBg:            a.str(site + "/assets/logo-dark-bg.png"),
		PictureAnimated:          a.str(site + "/assets/logo-animated.gif"),
		ElevenlabsAgentId:        a.str(token(f, "agent_", crockfordLower, 26)),
		Credits:                  a.num(creditsTotal - creditsUsed),
		CreditsTotal:             a.num(creditsTotal),
		CreditsUsagePct:          ptr(usagePct),
		Status:                   a.str("active"),
		AllowJoining:             a.str(pick(f, joiningModes)),
		JoiningAdminOnly:         a.flag(chance(f, 30)),
		PublicId:                 a.uuid(uuidV4(f)),
		PublicAuthorizedUrls:     a.list([]string{site, "https://" + host + ".instructure.com"}),
		Ainame:                   a.str(pick(f, assistantNames)),
		ContactEmail:             &contact,
		CreditAward:              a.num(pick(f, creditAwards)),
		PoolCredits:              a.flag(chance(f, 50)),
		InvoicesUrls:             a.list(stripeInvoiceURLs(f, between(f, 1, 3))),
		MaxCompletionTokens:      a.num(pick(f, completionTokenCaps)),
		DisableFileUploadForUser: a.flag(chance(f, 10)),
		DisableAudioNotesForUser: a.flag(chance(f, 10)),
		ToolsDisabled:            a.list(someOf(f, priaTools, 15)),
		LtiContextIds:            a.list(ltiContextIDs(f, between(f, 1, 3))),
		PersonalisationAsked:     a.flag(chance(f, 70)),
		LocationEnabled:          a.flag(chance(f, 30)),
		RtEnabled:                a.flag(chance(f, 60)),
		RtAdminOnly:              a.flag(chance(f, 20)),
		DisplayAgentDetails:      a.flag(chance(f, 50)),
		DisplayThinkingDetails:   a.flag(chance(f, 50)),
		DisplayThinkingExecution: a.flag(chance(f, 50)),
		DisplayToolExecution:     a.flag(chance(f, 50)),
		AssistantsDisabled:       a.list(assistantIDs(f, created, between(f, 0, 2))),
		DisableAssistantsForUser: a.flag(chance(f, 10)),
		RtVoice:                  a.str(pick(f, realtimeVoices)),
		MaxFiles:                 a.num(pick(f, fileCaps)),
		QuestionType:             a.str(pick(f, questionTypes)),
	}
	partner := lxpPartner{id: strconv.Itoa(between(f, 1000, 99999)), name: name}
	return inst, partner
}

// someOf returns each element of list with a probability of pct in a hundred, never nil.
func someOf(f *gofakeit.Faker, list []string, pct int) []string {
	out := []string{}
	for _, s := range list {
		if chance(f, pct) {
			out = append(out, s)
		}
	}
	return out
}

// ltiContextIDs returns n LTI context ids, 40 hex digits each as Canvas issues them.
func ltiContextIDs(f *gofakeit.Faker, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = token(f, "", hexLower, 40)
	}
	return ids
}

// assistantIDs returns n ObjectIds of assistants created after the institution.
func assistantIDs(f *gofakeit.Faker, after int64, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = objectID(f, unixBetween(f, after, worldNow))
	}
	return ids
}
