package server

import (
	"context"

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
	var resp authiqa.UserProfileResponse
	resp.Success = true
	resp.Data.Message = "User profile retrieved successfully"
	resp.Data.User = a.s.users.AuthiqaUser(claims.Email, child)
	return authiqa.GetUserProfile200JSONResponse(resp), nil
}
