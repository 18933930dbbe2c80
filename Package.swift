// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// How the executable is linked on Linux, for a smaller resident set and a quicker start
// (docs/performance.md, "2026-12-03 (evening): the executable"):
// - lld with packed relative relocations (DT_RELR, glibc 2.36+): the position-independent binary
//   keeps its address randomisation, but the loader no longer reads a 2.9 MB table of 123,000
//   relocations at every start;
// - no exported symbols: the static runtime's link arguments export every symbol of the
//   package's objects (35,749 of them), and every symbol the shared libraries resolve hashes into
//   that table first. Nothing loads into Parley that would need them;
// - in a release build, the functions that start Parley, keep the chat idle and answer a message
//   first in `.text`, in the order scripts/hot-symbols.txt lists them (scripts/generate-hot-symbols.sh
//   writes it). Spread over 27 MB of code, each of them brought its 64 KB neighbourhood into the
//   resident set. Names the build no longer has are skipped. The static runtime's objects have a
//   section per function, so its functions move one by one; the package's objects move whole
//   (compiling them with `-function-sections` measured no smaller).
let leanExecutable: [LinkerSetting] = [
    .unsafeFlags(
        ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
        .when(platforms: [.linux])
    ),
    .unsafeFlags(
        ["-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/scripts/hot-symbols.txt",
         "-Xlinker", "--no-warn-symbol-ordering"],
        .when(platforms: [.linux], configuration: .release)
    ),
]

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The value types every layer shares (model refs, messages, request ids, errors as the
        // UI sees them, engine events, store rows, the one Route): no dependencies at all.
        .target(
            name: "ParleyModel",
            swiftSettings: strict
        ),
        .target(
            name: "ParleyGateway",
            dependencies: [
                "ParleyModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleySim",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyEngine",
            dependencies: [
                "ParleyModel", "ParleyGateway",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyUI",
            // Alone: the pure UI cannot import the network, the database or the engine.
            dependencies: ["ParleyModel"],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyTerminal",
            dependencies: ["CNcurses", "ParleyModel", "ParleyUI"],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyConfig",
            dependencies: [
                "ParleyGateway", "ParleyUI",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strict
        ),
        // What the commands do, importable and tested: the wiring (config and flags to providers,
        // Store, Conductor, demo gateway), the chat's effect handler, the headless commands' bodies.
        .target(
            name: "ParleyApp",
            dependencies: ["ParleyGateway", "ParleyEngine", "ParleyUI", "ParleyTerminal", "ParleySim", "ParleyConfig"],
            swiftSettings: strict
        ),
        // Parses flags, calls ParleyApp and the modules, prints.
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyApp", "ParleyGateway", "ParleyEngine", "ParleyUI", "ParleyTerminal", "ParleySim", "ParleyConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict,
            linkerSettings: leanExecutable
        ),
        .testTarget(name: "ParleyGatewayTests", dependencies: ["ParleyGateway", "ParleySim"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ParleySimTests", dependencies: ["ParleySim", "ParleyGateway"]),
        .testTarget(name: "ParleyEngineTests", dependencies: ["ParleyEngine", "ParleySim", "ParleyGateway"]),
        .testTarget(name: "ParleyUITests", dependencies: ["ParleyUI", "ParleyModel"]),
        .testTarget(name: "ParleyTerminalTests", dependencies: ["ParleyTerminal", "ParleyUI"]),
        .testTarget(name: "ParleyConfigTests", dependencies: ["ParleyConfig", "ParleyGateway", "ParleyUI"]),
        .testTarget(name: "ParleyAppTests", dependencies: ["ParleyApp", "ParleyEngine", "ParleyGateway", "ParleyUI", "ParleySim"]),
        .testTarget(name: "EndToEndTests", dependencies: ["parley", "ParleySim"]),
    ],
    swiftLanguageModes: [.v6]
)
