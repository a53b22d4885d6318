# authmock: the two commands that matter are `make run` and `make test`.
GO       ?= go
ADDR     ?= 127.0.0.1:4010
REDOCLY  ?= npx --yes @redocly/cli@2

.PHONY: all build run generate test fmt-check vet generate-check tidy-check unit lint contract bench bench-peers

all: build

build:
	$(GO) build -o bin/authmock ./cmd/authmock

run: build
	./bin/authmock serve --addr $(ADDR)

generate:
	$(GO) generate ./...

## test: formatting, vet, generated-code and go.mod freshness, then every test with the race detector.
test: fmt-check vet generate-check tidy-check unit

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# Regenerate and fail if anything generated differs from the tree (committed or not); the tree's
# files are put back as they were, so a hand edit is reported, never lost.
generate-check:
	@snap=$$(mktemp -d); cp -a gen "$$snap/"; \
	$(GO) generate ./... || { rm -rf gen; cp -a "$$snap/gen" .; rm -rf "$$snap"; exit 1; }; \
	if ! diff -ru "$$snap/gen" gen >"$$snap/diff"; then \
		echo "generated code differs from what go generate writes (edited by hand, or a spec changed without 'make generate'):"; \
		cat "$$snap/diff"; rm -rf gen; cp -a "$$snap/gen" .; rm -rf "$$snap"; exit 1; fi; \
	rm -rf "$$snap"

# Fail if go mod tidy would change go.mod or go.sum; they are put back as they were.
tidy-check:
	@snap=$$(mktemp -d); cp go.mod go.sum "$$snap/"; \
	$(GO) mod tidy; \
	if ! cmp -s go.mod "$$snap/go.mod" || ! cmp -s go.sum "$$snap/go.sum"; then \
		echo "go.mod/go.sum are not tidy: run 'go mod tidy' and commit"; diff -u "$$snap/go.mod" go.mod; \
		cp "$$snap/go.mod" "$$snap/go.sum" .; rm -rf "$$snap"; exit 1; fi; \
	rm -rf "$$snap"

unit:
	@command -v chromium >/dev/null 2>&1 || echo "NOTE: chromium is not installed: the console's browser test will be SKIPPED (apt-get install -y chromium)"
	$(GO) test -race -count=1 ./...

lint:
	$(REDOCLY) lint openapi/pria.yaml openapi/authiqa.yaml

# contract: the contract suite with a JUnit report in out/contract.xml. Against the in-process mock
# by default; set CONTRACT_BASE_URL (and CONTRACT_EMAIL, CONTRACT_PASSWORD, CONTRACT_TOKEN) for a
# deployment.
contract:
	mkdir -p out
	$(GO) tool gotestsum --junitfile out/contract.xml --format testname -- -count=1 ./contract_test/

# fuzz: each fuzz target for FUZZTIME (CI runs it after the tests). A crasher is written under the
# package's testdata/fuzz/ and then replays in every `make test`: commit it as a regression test.
FUZZTIME ?= 10s
FUZZ_TARGETS = session:FuzzVerify session:FuzzCredentials scenarios:FuzzParse server:FuzzParsePrefer server:FuzzRequestBodies har:FuzzRead validator:FuzzDecodeJSON

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name ($$pkg, $(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) ./$$pkg; done

# bench: the Go benchmarks of the hot paths (the echo chain, tokens, fake users, the validator, HAR
# checks), with allocations. BENCHTIME=3s or BENCH=Chain narrow or lengthen a run.
BENCH      ?= .
BENCHTIME  ?= 1s
BENCH_PKGS ?= ./server/ ./session/ ./users/ ./validator/ ./har/
bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -benchtime $(BENCHTIME) $(BENCH_PKGS)

# bench-peers: authmock, --strict, Prism, a bare echo server and the proxies under wrk, one at a time
# on 127.0.0.1 (a few minutes; DURATION=10s per request). See docs/benchmarks.md.
bench-peers:
	./scripts/bench-peers.sh
