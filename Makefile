# Shortcuts for developers; the README's two commands (scripts/chat, scripts/test) need no make.
.PHONY: chat test format lint validate graph sanitize fuzz bench soak clean screenshots

chat:
	scripts/chat

test:
	scripts/test

format:
	swift format --in-place --recursive Package.swift Sources Tests

lint:
	swift format lint --strict --recursive Package.swift Sources Tests

validate:
	swift build --product crscheck
	.build/debug/crscheck validate --exhaustive Dialogs/crs.yaml

# Release builds measured against a bare SwiftNIO echo server on this machine; prints the table and writes
# it into docs/PERFORMANCE.md. BENCH_CONNECTIONS, BENCH_SECONDS, BENCH_IDLE, BENCH_STARTS tune it.
bench:
	scripts/bench

# 30 minutes of moderate load (SOAK_SECONDS to change); fails on any error, memory growth or a
# transcript that does not verify.
soak:
	scripts/soak

clean:
	rm -rf .build

# Pictures of the review desk for the README (docs/desk-*.png), from a throwaway store and real servers.
screenshots:
	scripts/screenshots

# Redraws docs/crs-graph.svg from the dialog (Graphviz, installed when missing).
graph:
	swift build --product crscheck
	.build/debug/crscheck graph Dialogs/crs.yaml > docs/crs-graph.dot
	command -v dot >/dev/null || apt-get install -y -qq graphviz
	dot -Tsvg docs/crs-graph.dot -o docs/crs-graph.svg

# The whole suite under ThreadSanitizer, then AddressSanitizer (XCTest itself leaks, so no leak check).
sanitize:
	swift test --sanitize=thread --scratch-path .build-tsan
	ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address --scratch-path .build-asan

# Builds the libFuzzer targets (-D FUZZING gives them libFuzzer's entry instead of a replaying main) and
# runs each in turn for FUZZ_SECONDS on one core. Seeds: Tests/FuzzingTests/Seeds, the dialogs and the
# test fixtures; new inputs go to .fuzz/corpus, crashes to .fuzz/crashes (both ignored by git). A crash
# replays with `swift run fuzz-TARGET FILE`. SWIFT can wrap the builds, e.g. in a lock on a shared machine.
# swiftc's -sanitize=fuzzer links libFuzzer but instruments no Swift code for coverage, hence
# -sanitize-coverage: without it libFuzzer sees only the C dependencies. No leak check: LeakSanitizer
# cannot see pointers Swift tags in their spare bits (strings, indirect enums), so it reports the dialog
# a target keeps for the whole run as leaked.
SWIFT ?= swift
FUZZ_SECONDS ?= 600
FUZZ_TARGETS = understanding wire dialog-loader
FUZZ_BUILD = $(SWIFT) build -c release --scratch-path .build-fuzz --sanitize=fuzzer --sanitize=address \
	-Xswiftc -DFUZZING -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table

fuzz:
	for target in $(FUZZ_TARGETS); do $(FUZZ_BUILD) --product fuzz-$$target || exit 1; done
	status=0; for target in $(FUZZ_TARGETS); do \
		mkdir -p .fuzz/corpus/$$target .fuzz/crashes/$$target; \
		extra=; [ $$target = dialog-loader ] && extra="Dialogs Tests/DialogEngineTests/Fixtures"; \
		SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 \
			.build-fuzz/release/fuzz-$$target -max_total_time=$(FUZZ_SECONDS) \
			-timeout=10 -print_final_stats=1 -artifact_prefix=.fuzz/crashes/$$target/ \
			.fuzz/corpus/$$target Tests/FuzzingTests/Seeds/$$target $$extra || status=1; \
	done; exit $$status
