# Thin wrappers over scripts/ and CMake. See README.md.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
DATA ?= var/demo
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps build run test bench format clean

all: build

deps:
	@scripts/install-deps.sh build

# Release binary: build/gazette
build: deps
	@cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DGAZETTE_TESTS=OFF >/dev/null
	@cmake --build build/release -j $(JOBS) --target gazette
	@ln -sf release/src/cli/gazette build/gazette

run: build
	@[ -f $(DATA)/gazette.toml ] || { build/gazette init --data $(DATA) --demo && \
	  build/gazette translate --data $(DATA) --article demo-ref-otan-russie-chine --to es && \
	  build/gazette publish --data $(DATA) --article demo-ref-otan-russie-chine-es \
	    --at 2024-07-11T08:32:00+07:00; }
	build/gazette serve --data $(DATA) --listen $(LISTEN)

test:
	@scripts/install-deps.sh test
	@scripts/run-tests.sh

bench:
	@scripts/install-deps.sh bench
	@scripts/bench.sh
	@scripts/bench-cluster.sh
	@scripts/bench-search.sh

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build
