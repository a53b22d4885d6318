package users

import (
	"encoding/json"

	"authmock/gen/authiqa"
)

// userJSON is how an Authiqa user is written into the union. It embeds the generated shared fields
// and declares beside them, where encoding/json lets the shallower field win over the embedded one:
//   - the spec's nullable members without omitempty, so that an absent value is written as null as
//     in the page's examples (the generated pointers would drop the key);
//   - the email as a plain string, written as given: the generated Email type re-parses the address
//     on every marshal and fails on one it rejects, and AuthiqaUser has no error to return;
//   - the parent-only members with omitempty, so that a child's JSON has no such key at all.
type userJSON struct {
	authiqa.AuthiqaUserFields

	Email string `json:"email"`

	OrganizationUrl                   *string            `json:"organizationUrl"`
	AuthUrls                          *map[string]string `json:"authUrls"`
	OrganizationId                    *string            `json:"organizationId"`
	GoogleId                          *string            `json:"googleId"`
	LastPasswordChanged               *float64           `json:"lastPasswordChanged"`
	LastLoginAttempt                  *float64           `json:"lastLoginAttempt"`
	LockedUntil                       *float64           `json:"lockedUntil"`
	LastResetPasswordRequestAt        *float64           `json:"lastResetPasswordRequestAt"`
	LastLowBalanceNotificationAt      *float64           `json:"lastLowBalanceNotificationAt"`
	LastCriticalBalanceNotificationAt *float64           `json:"lastCriticalBalanceNotificationAt"`
	LastDepletedBalanceNotificationAt *float64           `json:"lastDepletedBalanceNotificationAt"`

	AccountBalance   *float64                 `json:"accountBalance,omitempty"`
	AvailableBalance *float64                 `json:"availableBalance,omitempty"`
	GoogleSsoConfig  *authiqa.GoogleSsoConfig `json:"googleSsoConfig,omitempty"`
}

// encode returns the user as encoding/json writes it.
func (d *userJSON) encode() []byte {
	b, err := json.Marshal(d)
	if err != nil {
		// Unreachable: every member is a string, a whole or two-decimal number, a bool or a map of
		// strings.
		panic("users: writing an Authiqa user: " + err.Error())
	}
	return b
}

// unionOf returns an encoded user as the generated union type, on a copy of its bytes.
func unionOf(encoded string) authiqa.AuthiqaUser {
	// UnmarshalJSON is the generated way to set the union's bytes as they are (it copies them and
	// cannot fail on a non-nil receiver). FromParentUser would run a JSON merge patch over them, which
	// costs a decode and an encode and deletes the null members.
	var u authiqa.AuthiqaUser
	_ = u.UnmarshalJSON([]byte(encoded))
	return u
}
