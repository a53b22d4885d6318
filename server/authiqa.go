package server

import (
	"context"
	"net/http"

	"authmock/gen/authiqa"
	"authmock/scenarios"
	"authmock/session"
)

// authiqaAPI implements the Authiqa operation.
type authiqaAPI struct{ s *server }

var _ authiqa.StrictServerInterface = authiqaAPI{}

// GetUserProfile answers with the profile of the token's user: a parent account unless the token,
// or the scenario, says child.
func (a authiqaAPI) GetUserProfile(ctx context.Context, _ authiqa.GetUserProfileRequestObject) (authiqa.GetUserProfileResponseObject, error) {
	tok := session.BearerToken(credentialsFromContext(ctx).Authorization)
	claims, err := a.s.issuer.Verify(tok)
	if err != nil {
		e := tokenError(apiAuthiqa, err)
		body := authiqa.ErrorResponse{}
		body.Error.Code = authiqa.ErrorResponseErrorCode(e.Code)
		body.Error.Message = e.Message
		return authiqa.GetUserProfile401JSONResponse(body), nil
	}
	child := claims.AccountType == string(authiqa.ChildUserAccountTypeChild)
	if persona := scenarios.FromContext(ctx).Outcome.AccountType; persona != "" {
		child = persona == string(authiqa.ChildUserAccountTypeChild)
	}
	return userProfileAnswer{user: a.s.users.AuthiqaJSON(claims.Email, child)}, nil
}

// userProfileMessage is the message of a user-profile 200, as the page shows it, encoded.
var userProfileMessage = jsonString("User profile retrieved successfully")

// userProfileAnswer is user-profile's 200: the bytes authiqa.GetUserProfile200JSONResponse writes
// for {data: {message, user}, success: true}, with the user users.AuthiqaJSON encoded once. Through
// the generated union every call drew the user, encoded it, and had encoding/json scan and copy the
// union's bytes again.
type userProfileAnswer struct{ user string }

func (r userProfileAnswer) VisitGetUserProfileResponse(w http.ResponseWriter) error {
	data := []rawMember{{"message", userProfileMessage}, {"user", r.user}}
	return writeObject(w, http.StatusOK,
		rawMember{"data", string(appendObject(make([]byte, 0, objectLen(data)), data...))},
		rawMember{"success", "true"},
	)
}
