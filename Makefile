# Redline: the two newcomer commands are `make site` and `make test`.
SWIFT ?= swift
POLICY = .build/release/policy

.PHONY: site test deps build bench fuzz sanitize clean

deps:
	@scripts/install-deps.sh

# Release builds link the Swift runtime and Foundation statically: about 5 ms less start-up
# per run (loading and binding the shared libraries), which is most of a small policy's time.
# And not position-independent: the loader then has no 80,000 pointers to relocate at every
# start (0.6 ms of each run).
RELEASE = -c release --static-swift-stdlib -Xswiftc -Xclang-linker -Xswiftc -no-pie
build: deps
	$(SWIFT) build $(RELEASE) --product policy

# Check the policy store and build the website from it into output/ (docs/policy-src.md).
site: build
	$(POLICY) build policy-src -o output

# The committed output/ must be what the store builds to (`--check` writes nothing).
test:
	@scripts/install-deps.sh test
	$(SWIFT) build --product policy
	.build/debug/policy build policy-src -o output --check
	$(SWIFT) test
	$(MAKE) sanitize
	SWIFT=$(SWIFT) FUZZ_SEED=1 scripts/fuzz.sh $(CI_FUZZ_SECONDS) $(CI_FUZZ_TARGETS)

# Every test under ThreadSanitizer (the site build, the parse and the diff run on several
# threads) and under AddressSanitizer, the end-to-end ones running the instrumented `policy`
# (about 5 and 4 minutes). Each sanitizer has a build of its own.
sanitize:
	$(SWIFT) build --build-tests --sanitize=thread --build-path .build-tsan
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --skip-build --sanitize=thread --build-path .build-tsan
	$(SWIFT) build --build-tests --sanitize=address --build-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build --sanitize=address --build-path .build-asan

# Each entry point under libFuzzer and AddressSanitizer for FUZZ_SECONDS (docs/reliability.md);
# `make test` runs each for CI_FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
CI_FUZZ_SECONDS ?= 6
CI_FUZZ_TARGETS ?= markup resolve diff render site tree docx
fuzz: deps
	SWIFT=$(SWIFT) scripts/fuzz.sh $(FUZZ_SECONDS)

bench:
	@scripts/install-deps.sh bench
	$(SWIFT) build $(RELEASE) --product policy
	$(SWIFT) build $(RELEASE) --product redline-bench
	@[ -f .build/scale.generated/big-1m-marked.md ] || [ ! -f ../shared/corpus/make-scale.py ] || \
	  python3 ../shared/corpus/make-scale.py .build/scale.generated >/dev/null
	.build/release/redline-bench
	@echo
	python3 Benchmarks/site-bench.py .build/release/policy 500

clean:
	rm -rf .build
