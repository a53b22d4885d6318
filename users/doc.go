// Package users makes the mock's fake users: stable, realistic identities for the Pria and Authiqa
// profiles. The same seed and email always give the same user, in every call and every process; a
// different seed gives a different, equally stable world.
//
// A user's values come from a random stream keyed by the seed and the user's identity (the email
// lower-cased and trimmed). Institutions (Pria) and organisations (Authiqa) have streams of their own,
// keyed by the email's domain, so that colleagues share them.
package users
