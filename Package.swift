// swift-tools-version: 6.2
import PackageDescription

/// Each tool plugin is its own folder under Plugins/ and its own `.so` product.
let swiftPlugins = ["avr_transfer", "avr_hangup", "collect_info"]

/// The plugin contract comes from the SDK package (SDK/), which plugin authors use alone.
let functionABI = Target.Dependency.product(name: "FunctionABI", package: "SDK")
let cFunctionABI = Target.Dependency.product(name: "CAVRFunctionABI", package: "SDK")

let package = Package(
    name: "avr-host",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "avr-host", targets: ["avr-host"]),
        .executable(name: "openai-stand-in", targets: ["openai-stand-in"]),
        .executable(name: "avr-bench", targets: ["avr-bench"]),
        .executable(name: "avr-floor", targets: ["avr-floor"]),
        .executable(name: "avr-plugin-runner", targets: ["avr-plugin-runner"]),
        .library(name: "c_echo_plugin", type: .dynamic, targets: ["CEchoPlugin"]),
        .library(name: "ffi_testlib", type: .dynamic, targets: ["FFITestLib"]),
        .library(name: "valgrind_compat", type: .dynamic, targets: ["ValgrindCompat"]),
    ] + swiftPlugins.map { .library(name: $0, type: .dynamic, targets: [$0]) },
    dependencies: [
        .package(path: "SDK"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CurlShim", dependencies: ["CCurl"], path: "Sources/CurlShim"),
        .target(name: "ProcessSpawn", path: "Sources/ProcessSpawn"),
        .systemLibrary(
            name: "CFFI",
            path: "Sources/CFFI",
            pkgConfig: "libffi",
            providers: [.apt(["libffi-dev"])]
        ),
        .target(
            name: "OpenAIStandIn",
            dependencies: [
                functionABI,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/OpenAIStandIn",
            exclude: ["README.md"]
        ),
        .target(
            name: "AVRHost",
            dependencies: [
                "CurlShim", "CFFI", functionABI, cFunctionABI, "OpenAIStandIn", "ProcessSpawn",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Sources/Host"
        ),
        .executableTarget(
            name: "avr-host",
            dependencies: [
                "AVRHost",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "openai-stand-in",
            dependencies: [
                "OpenAIStandIn",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "avr-bench",
            dependencies: [
                "AVRHost", "OpenAIStandIn",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Hummingbird alone doing avr-host's inbound job: the floor the benchmark compares the host with.
        .executableTarget(
            name: "avr-floor",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "avr-plugin-runner", dependencies: ["AVRHost"]),
        .target(name: "CEchoPlugin", dependencies: [cFunctionABI], path: "Tests/Fixtures/CEchoPlugin"),
        .target(name: "FFITestLib", path: "Tests/Fixtures/FFITestLib"),
        .target(name: "ValgrindCompat", path: "Sources/ValgrindCompat"),
        .testTarget(
            name: "AVRHostTests",
            dependencies: [
                "AVRHost", "OpenAIStandIn", functionABI, cFunctionABI,
                .product(name: "FunctionABITesting", package: "SDK"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
    ] + swiftPlugins.map { .target(name: $0, dependencies: [functionABI], path: "Plugins/\($0)") },
    swiftLanguageModes: [.v6]
)
