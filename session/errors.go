package session

import "errors"

// Token errors. Each API maps them to its documented status and body in one place.
var (
	// ErrTokenMissing means no transport carried a token.
	ErrTokenMissing = errors.New("token missing")
	// ErrTokenExpired means the token's signature is good but its exp has passed.
	ErrTokenExpired = errors.New("token expired")
	// ErrTokenInvalid means the token is malformed, badly signed, uses another algorithm, or lacks exp.
	ErrTokenInvalid = errors.New("token invalid")
)

// MFA challenge errors.
var (
	// ErrChallengeUnknown means no pending challenge has that id.
	ErrChallengeUnknown = errors.New("unknown challenge")
	// ErrChallengeExpired means the challenge existed but its time ran out.
	ErrChallengeExpired = errors.New("challenge expired")
	// ErrCodeWrong means the code did not match.
	ErrCodeWrong = errors.New("wrong code")
)
