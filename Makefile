# Shortcuts for developers; the README's two commands (scripts/chat, scripts/test) need no make.
.PHONY: chat test format lint validate graph sanitize clean

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
	.build/debug/crscheck validate --exhaustive Dialogs/*.yaml

clean:
	rm -rf .build

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
