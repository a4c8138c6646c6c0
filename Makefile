#!/usr/bin/make -f
# PowerShare build, test and local network targets. `make help` lists them.

BINDIR       ?= $(CURDIR)/build
BINARY       := $(BINDIR)/powershared
RELAY_BINARY := $(BINDIR)/powershare-relay
VERSION      ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT       ?= $(shell git log -1 --format='%H' 2>/dev/null || echo unknown)
SDK_PKG      := github.com/cosmos/cosmos-sdk/version
LDFLAGS      := -X $(SDK_PKG).Name=powershare -X $(SDK_PKG).AppName=powershared \
                -X $(SDK_PKG).Version=$(VERSION) -X $(SDK_PKG).Commit=$(COMMIT)
GO_BUILD     := go build -trimpath -ldflags '$(LDFLAGS)'
# The relay shares the SDK's version variables (and so powershared's keyring
# service name, version.Name) under its own binary name.
RELAY_LDFLAGS := $(subst AppName=powershared,AppName=powershare-relay,$(LDFLAGS))
UNIT_PKGS     = $(shell go list ./... | grep -v -e /tests/e2e -e /tests/system)
N            ?= 4
BENCHTIME    ?= 1x
BENCH        ?= .
# Pinned tools, installed from the Go module proxy into build/tools/<tool>-<version>/
# on first use, so that a version bump reinstalls them.
TOOLS            := $(BINDIR)/tools
GOLANGCI_VERSION := v2.15.0
BUF_VERSION      := v1.75.0
GOLANGCI_LINT    := $(TOOLS)/golangci-lint-$(GOLANGCI_VERSION)/golangci-lint
BUF              := $(TOOLS)/buf-$(BUF_VERSION)/buf
# proto-breaking compares proto/ with this git ref.
BREAKING_AGAINST ?= HEAD~1

export GOFLAGS := -buildvcs=false

.PHONY: help build install test test-unit test-e2e test-system bench lint lint-fix proto-gen proto-check proto-lint \
        proto-breaking tools \
        localnet localnet-stop localnet-multi localnet-multi-stop localnet-multi-status clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-22s %s\n", $$1, $$2}'

build: ## build build/powershared and build/powershare-relay
	$(GO_BUILD) -o $(BINARY) ./cmd/powershared
	go build -trimpath -ldflags '$(RELAY_LDFLAGS)' -o $(RELAY_BINARY) ./cmd/powershare-relay

install: ## install powershared and powershare-relay into GOBIN
	go install -trimpath -ldflags '$(LDFLAGS)' ./cmd/powershared
	go install -trimpath -ldflags '$(RELAY_LDFLAGS)' ./cmd/powershare-relay

test: test-unit test-e2e test-system ## every test: unit, in-process network, compiled binary (what CI runs)

test-unit: ## keeper, app and command unit tests
	go test -count=1 $(UNIT_PKGS)

test-e2e: ## end-to-end flows on an in-process multi-validator network
	go test -count=1 -p 1 -timeout 30m ./tests/e2e/...

test-system: build ## the compiled binary: CLI, multi-process network, restart
	POWERSHARED=$(BINARY) go test -count=1 -p 1 -timeout 30m ./tests/system/...

bench: ## Go benchmarks (BENCH=regexp, BENCHTIME=1x|3s)
	go test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -benchmem -timeout 60m ./...

lint: $(GOLANGCI_LINT) $(BUF) ## gofmt, golangci-lint (.golangci.yml: vet, depguard layering, revive...) and proto-lint
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'run gofmt -w'; exit 1; }
	$(GOLANGCI_LINT) run --timeout 20m ./...
	$(MAKE) --no-print-directory proto-lint

lint-fix: $(GOLANGCI_LINT) ## apply golangci-lint's automatic fixes and formatters (gofmt, goimports)
	$(GOLANGCI_LINT) run --fix --timeout 20m ./...

tools: $(GOLANGCI_LINT) $(BUF) ## install the pinned golangci-lint and buf into build/tools

$(GOLANGCI_LINT):
	GOBIN=$(dir $@) go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_VERSION)

$(BUF):
	GOBIN=$(dir $@) go install github.com/bufbuild/buf/cmd/buf@$(BUF_VERSION)

proto-gen: ## regenerate Go code from proto/ (offline; see DEVELOPERS.md)
	scripts/protocgen.sh

proto-check: ## fail if committed generated code differs from proto/
	scripts/protocgen.sh --check

proto-lint: $(BUF) ## buf lint of proto/ (proto/buf.yaml), offline
	BUF=$(BUF) scripts/protolint.sh lint

# Not run in CI while no chain is live (breaking changes are free until then);
# CI turns it on, against the previous commit, once a chain is live.
proto-breaking: $(BUF) ## buf breaking of proto/ against git BREAKING_AGAINST (default HEAD~1), offline
	BUF=$(BUF) scripts/protolint.sh breaking $(BREAKING_AGAINST)

localnet: build ## single-node chain with demo accounts (RESET=1 starts over, LOCALNET_DETACH=1 backgrounds)
	scripts/localnet.sh $(if $(filter 1,$(RESET)),--reset,)

localnet-stop: ## stop a detached localnet node
	scripts/localnet.sh --stop

localnet-multi: build ## N validators as separate processes on loopback (N=4)
	network/localnet-multi.sh start $(N)

localnet-multi-stop: ## stop the multi-validator network
	network/localnet-multi.sh stop

localnet-multi-status: ## height and peers of each validator
	network/localnet-multi.sh status

clean: ## remove build output and local networks
	rm -rf $(BINDIR) .localnet .network
