# Shortcuts for developers; the README's two commands (scripts/chat, scripts/test) need no make.
.PHONY: chat test format lint validate clean

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
	.build/debug/crscheck validate Dialogs/*.yaml

clean:
	rm -rf .build
