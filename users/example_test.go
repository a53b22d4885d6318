package users_test

import (
	"fmt"

	"authmock/gen/pria"
	"authmock/users"
)

func ExampleGenerator_PriaProfile() {
	g := users.New(1)
	p := g.PriaProfile("John.Doe@MyDomain.com", pria.User)
	fmt.Println(p.UnderscoreId == g.UserID("john.doe@mydomain.com"), p.Email)
	fmt.Println(*p.Fname, *p.Lname, *p.Plan, *p.Institution.Name)
	// Output:
	// true John.Doe@MyDomain.com
	// Mike Russell pro Pineville College
}

func ExampleGenerator_SSOEmail() {
	g := users.New(1)
	fmt.Println(g.SSOEmail("abc"))
	// Output: roman.price@greenwood.edu
}
