# Entry points for humans and CI. `npm install` builds; `npm test` runs `make test`.
BIN := node_modules/.bin
BACKENDS := napi koffi

.PHONY: build build-ts generate check-generated typecheck test test-backends $(addprefix test-,$(BACKENDS)) clean

build:
	npm run build

build-ts:
	@$(BIN)/tsc -p tsconfig.build.json

## Regenerate generated/ from spec/ (then rebuild, since the runtime compiles against it).
generate: build-ts
	node dist/generator/cli.js
	@$(BIN)/tsc -p tsconfig.build.json

## Fail when generated/ is not exactly what spec/ generates.
check-generated: build-ts
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	node dist/generator/cli.js --out "$$tmp" && \
	if diff -r --exclude=build generated "$$tmp"; then echo "check-generated: generated/ matches spec/"; \
	else echo "check-generated: generated/ differs from what spec/ generates; run 'make generate' and commit" >&2; exit 1; fi

typecheck:
	$(BIN)/tsc -p tsconfig.json --noEmit

## The whole suite, once per backend (the env var picks the backend of the main entry).
test: check-generated typecheck test-backends

test-backends: $(addprefix test-,$(BACKENDS))

$(addprefix test-,$(BACKENDS)): test-%:
	NATIVESOCKETS_BACKEND=$* $(BIN)/vitest run

clean:
	rm -rf dist generated/napi/build
