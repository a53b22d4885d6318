package validator_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"authmock/gen/authiqa"
	"authmock/gen/pria"
	"authmock/validator"
)

func Example() {
	p, _ := pria.GetSwagger()
	a, _ := authiqa.GetSwagger()
	v, err := validator.New([]validator.Doc{{Name: "pria", T: p}, {Name: "authiqa", T: a}})
	if err != nil {
		panic(err)
	}
	u, _ := url.Parse("https://pria.praxislxp.com/api/auth/signin")
	res := v.Validate(context.Background(), validator.Exchange{
		Request: validator.Request{
			Method: "POST", URL: u,
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   []byte(`{"email":"john.doe@mydomain.com"}`),
		},
		Response: validator.Response{
			Status: 200,
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   []byte(`{"token":"eyJ.e30.sig","profile":{"_id":"1","email":"a@b.c","accountType":"user","credits":"12"}}`),
		},
	})
	fmt.Println(res.API, strings.ToLower(res.OperationID))
	for _, v := range res.Violations {
		fmt.Println(v.Side, v)
	}
	// Output:
	// pria signin
	// request /password: required property is missing
	// response /profile/credits: expected integer, got string
}
