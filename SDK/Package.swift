// swift-tools-version: 6.2
import PackageDescription

/// The plugin author's SDK: the C ABI header and the Swift layer over it, with no dependency
/// beyond the Swift toolchain, so an out-of-tree plugin builds in seconds. avr-host itself
/// depends on it, so host and plugins share one contract and one toolchain stamp.
let package = Package(
    name: "avr-plugin-sdk",
    platforms: [.macOS(.v15)],
    products: [
        // The C ABI (header, and abi.c's `.avr_toolchain` section): for C targets and the host.
        .library(name: "CAVRFunctionABI", targets: ["CAVRFunctionABI"]),
        // The Swift author layer: `AVRFunction`, `AVRPluginExport`, `PluginHost`, `JSONValue`.
        .library(name: "FunctionABI", targets: ["FunctionABI"]),
        // Test doubles for a plugin's unit tests: `TestPluginHost`.
        .library(name: "FunctionABITesting", targets: ["FunctionABITesting"]),
    ],
    targets: [
        .target(name: "CAVRFunctionABI"),
        .target(name: "FunctionABI", dependencies: ["CAVRFunctionABI"]),
        .target(name: "FunctionABITesting", dependencies: ["FunctionABI", "CAVRFunctionABI"]),
    ],
    swiftLanguageModes: [.v6]
)
