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
    .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    // Without swift-configuration (its default trait): the desk is configured by its command line.
    .package(
      url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0", traits: ["FullFoundation"]),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
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
    .target(
      name: "Consultation",
      dependencies: ["DialogEngine", "TranscriptStore", .product(name: "Crypto", package: "swift-crypto")]
    ),
    .target(
      name: "TranscriptStore",
      dependencies: [
        "DialogEngine", "JSONText", .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
      ]
    ),
    // The shared store: transcripts, sign-offs and the audit log in PostgreSQL, for more than one server.
    .target(
      name: "PostgresStore",
      dependencies: [
        "DialogEngine", "TranscriptStore",
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]
    ),
    // JSON written straight into bytes, for the transcripts and the wire, which know their shapes.
    .target(name: "JSONText"),
    .systemLibrary(
      name: "CEditLine",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    .target(name: "Terminal", dependencies: ["CEditLine", "Consultation", "DialogEngine"]),
    // glibc's malloc_trim, for giving memory back after a crowd of connections has left.
    .target(name: "CMalloc"),
    // Clinician review of transcripts: the queue, reading, sign-off, export, statistics, the audit log.
    .target(name: "Review", dependencies: ["DialogEngine", "TranscriptStore"]),
    // The clinicians' review desk in the browser: accounts, the live queue, conversations, statistics.
    .target(
      name: "Desk",
      dependencies: [
        "DialogEngine", "Review", "TranscriptStore",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "HummingbirdHTTP2", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]
    ),
    // The kiosk's own program: a full-screen terminal client of the server's JSON Lines protocol.
    .target(
      name: "Kiosk",
      dependencies: [
        "CEditLine", "DialogEngine",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // The TCP line-protocol server for kiosks: framing, limits, text and JSON Lines, TLS, shutdown.
    .target(
      name: "Server",
      dependencies: [
        "CMalloc",
        "Consultation", "DialogEngine", "JSONText", "TranscriptStore",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOTLS", package: "swift-nio"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]
    ),
    .executableTarget(
      name: "crscheck",
      dependencies: [
        "DialogEngine", "Consultation", "Terminal", "TranscriptStore", "Server", "Review", "PostgresStore",
        "Desk", "Kiosk",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "DialogEngineTests",
      dependencies: ["DialogEngine", "Benchmarking", .product(name: "Yams", package: "Yams")],
      exclude: ["Fixtures"]
    ),
    .testTarget(name: "TranscriptStoreTests", dependencies: ["TranscriptStore", "DialogEngine"]),
    .testTarget(
      name: "ConsultationTests", dependencies: ["Consultation", "TranscriptStore", "DialogEngine"]),
    .testTarget(
      name: "ReviewTests", dependencies: ["Review", "Consultation", "TranscriptStore", "DialogEngine"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "TerminalTests", dependencies: ["Terminal", "Consultation", "DialogEngine", "TranscriptStore"]),
    .testTarget(name: "KioskTests", dependencies: ["Kiosk"]),
    .testTarget(name: "DeskTests", dependencies: ["Desk", "TranscriptStore", "Review", "DialogEngine"]),
    .testTarget(
      name: "ServerTests",
      dependencies: [
        "Server", "Consultation", "DialogEngine", "TranscriptStore",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]
    ),
    // Benchmarks (`make bench`, docs/PERFORMANCE.md): what the three tools below share.
    .target(name: "Benchmarking", dependencies: [.product(name: "Yams", package: "Yams")]),
    // Plays simulated patients against `crscheck serve` (or the echo baseline) over real sockets.
    .executableTarget(
      name: "LoadGenerator",
      dependencies: [
        "Benchmarking",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The machine's floor for a SwiftNIO line server: echoes each line, built like `crscheck serve`.
    .executableTarget(
      name: "EchoServer",
      dependencies: [
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]
    ),
    // In-process figures for the engine: the step function, loading, and how both grow.
    .executableTarget(
      name: "EngineBenchmark",
      dependencies: [
        "Benchmarking", "DialogEngine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Fuzzing (`make fuzz`): the targets' property checks, shared by the libFuzzer executables below and
    // by the regression test that replays every kept input.
    .target(name: "Fuzzing", dependencies: ["DialogEngine", "Consultation", "Server"]),
    .executableTarget(name: "fuzz-understanding", dependencies: ["Fuzzing"]),
    .executableTarget(name: "fuzz-wire", dependencies: ["Fuzzing"]),
    .executableTarget(name: "fuzz-dialog-loader", dependencies: ["Fuzzing"]),
    .testTarget(name: "FuzzingTests", dependencies: ["Fuzzing"], exclude: ["Seeds", "Regressions"]),
    .testTarget(name: "BenchmarkingTests", dependencies: ["Benchmarking"]),
    // Drives the built `crscheck` binary through pipes and a pseudo-terminal.
    .testTarget(name: "crscheckTests", dependencies: ["crscheck"], exclude: ["Browser"]),
  ],
  swiftLanguageModes: [.v6]
)
