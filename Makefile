# Redline: the two newcomer commands are `make site` and `make test`.
SWIFT ?= swift
POLICY = .build/release/policy
SOURCES = $(wildcard policy-src/*/*.md)

.PHONY: site test deps build bench clean

deps:
	@scripts/install-deps.sh

# Release builds link the Swift runtime and Foundation statically: about 5 ms less start-up
# per run (loading and binding the shared libraries), which is most of a small policy's time.
# And not position-independent: the loader then has no 80,000 pointers to relocate at every
# start (0.6 ms of each run).
RELEASE = -c release --static-swift-stdlib -Xswiftc -Xclang-linker -Xswiftc -no-pie
build: deps
	$(SWIFT) build $(RELEASE) --product policy

# Lint every policy source, then render each one into output/: clean, redline and original
# views as HTML pages and plain text, plus the clean and original Markdown.
site: build
	$(POLICY) lint $(SOURCES)
	scripts/build-site.sh $(POLICY) policy-src output

test:
	@scripts/install-deps.sh test
	$(SWIFT) build --product policy
	$(SWIFT) test

bench:
	@scripts/install-deps.sh bench
	$(SWIFT) build $(RELEASE) --product policy
	$(SWIFT) build $(RELEASE) --product redline-bench
	@[ -f .build/scale.generated/big-1m-marked.md ] || [ ! -f ../shared/corpus/make-scale.py ] || \
	  python3 ../shared/corpus/make-scale.py .build/scale.generated >/dev/null
	.build/release/redline-bench

clean:
	rm -rf .build
