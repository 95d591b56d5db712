// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "crscheck",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "crscheck", targets: ["crscheck"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
  ],
  targets: [
    // The engine: dialog model, loader, validator, understanding and the step function. No terminal,
    // socket or transcript knowledge lives here.
    .target(
      name: "DialogEngine",
      dependencies: [
        .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // One conversation as the adapters see it: the engine plus its transcript.
    .target(name: "Consultation", dependencies: ["DialogEngine", "TranscriptStore"]),
    .target(name: "TranscriptStore", dependencies: ["DialogEngine"]),
    .systemLibrary(
      name: "CEditLine",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    .target(name: "Terminal", dependencies: ["CEditLine", "Consultation", "DialogEngine"]),
    .executableTarget(
      name: "crscheck",
      dependencies: [
        "DialogEngine", "Consultation", "Terminal", "TranscriptStore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "DialogEngineTests",
      dependencies: ["DialogEngine", .product(name: "Yams", package: "Yams")],
      exclude: ["Fixtures"]
    ),
    .testTarget(name: "TranscriptStoreTests", dependencies: ["TranscriptStore", "DialogEngine"]),
    .testTarget(
      name: "ConsultationTests", dependencies: ["Consultation", "TranscriptStore", "DialogEngine"]),
    .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Consultation", "DialogEngine"]),
    // Drives the built `crscheck` binary through pipes and a pseudo-terminal.
    .testTarget(name: "crscheckTests", dependencies: ["crscheck"]),
  ],
  swiftLanguageModes: [.v6]
)
