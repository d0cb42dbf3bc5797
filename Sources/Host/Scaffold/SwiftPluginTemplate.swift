import Foundation

/// The files of a new Swift plugin package: one tool, its `.so` product and a unit test that
/// runs it on the SDK's `TestPluginHost`, depending on the SDK by path (a Swift plugin must be
/// built by the host's own toolchain, so it builds against the host's checkout).
enum SwiftPluginTemplate {
    static func files(_ name: PluginName, sdk: String) -> [ScaffoldFile] {
        // SwiftPM names a path dependency after its folder.
        let sdkPackage = (sdk as NSString).lastPathComponent
        let sdkLiteral = sdk.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return [
            ScaffoldFile(
                path: "Package.swift",
                contents: """
                    // swift-tools-version: 6.2
                    import PackageDescription

                    let package = Package(
                        name: "\(name.tool)",
                        platforms: [.macOS(.v15)],
                        products: [
                            // `swift build` writes .build/debug/lib\(name.tool).so: copy it into avr-host's functions/ folder.
                            .library(name: "\(name.tool)", type: .dynamic, targets: ["\(name.swiftTarget)"])
                        ],
                        dependencies: [
                            // The plugin SDK of the avr-host checkout that will load the plugin (same Swift toolchain).
                            .package(path: "\(sdkLiteral)")
                        ],
                        targets: [
                            .target(name: "\(name.swiftTarget)", dependencies: [.product(name: "FunctionABI", package: "\(sdkPackage)")]),
                            .testTarget(
                                name: "\(name.swiftTarget)Tests",
                                dependencies: [
                                    "\(name.swiftTarget)", .product(name: "FunctionABITesting", package: "\(sdkPackage)"),
                                ]
                            ),
                        ],
                        swiftLanguageModes: [.v6]
                    )

                    """),
            ScaffoldFile(
                path: "Sources/\(name.swiftTarget)/\(name.swiftType).swift",
                contents: """
                    import FunctionABI

                    /// The tool "\(name.tool)". It greets the caller by name: replace the arguments, the schema and
                    /// `call` with your own (docs/plugins.md of avr-host describes the whole API).
                    struct \(name.swiftType): AVRFunction {
                        struct Arguments: Decodable {
                            var name: String
                        }

                        static let name = "\(name.tool)"
                        static let description = "Greets the caller by name."
                        static let parametersSchema =
                            #"{"type":"object","properties":{"name":{"type":"string","description":"The caller's name."}},"required":["name"]}"#
                        static let version = "0.1.0"

                        let host: PluginHost
                        let greeting: String

                        /// `settings` is this tool's object in plugins.json; throwing refuses the plugin.
                        init(settings: PluginSettings, host: PluginHost) throws {
                            self.host = host
                            greeting = settings.string("greeting") ?? "Hello"
                        }

                        /// Runs on a host worker thread; blocking work (host.http) is fine here.
                        func call(_ arguments: Arguments, context: CallContext) -> FunctionResult {
                            host.log(.info, "greeting \\(arguments.name)", uuid: context.uuid)
                            return .success("\\(greeting) \\(arguments.name)", data: ["greeted": .string(arguments.name)])
                        }
                    }

                    /// The one symbol avr-host looks up in the library.
                    @_cdecl("avr_plugin_entry")
                    public func avrPluginEntry() -> UnsafeRawPointer { AVRPluginExport.make(\(name.swiftType).self) }

                    """),
            ScaffoldFile(
                path: "Tests/\(name.swiftTarget)Tests/\(name.swiftType)Tests.swift",
                contents: """
                    import FunctionABI
                    import FunctionABITesting
                    import Testing

                    @testable import \(name.swiftTarget)

                    /// The tool on the SDK's TestPluginHost: JSON in as the model sends it, the result out.
                    @Test func greetsTheCallerByName() throws {
                        let host = TestPluginHost()
                        let result = try host.call(
                            \(name.swiftType).self, arguments: #"{"name":"Ada"}"#, settings: #"{"greeting":"Hi"}"#, uuid: "call-1")
                        #expect(result == .success("Hi Ada", data: ["greeted": "Ada"]))
                        #expect(host.logs == [TestPluginHost.LogEntry(level: .info, message: "greeting Ada", uuid: "call-1")])
                    }

                    @Test func argumentsThatDoNotFitGiveTheModelTheReason() throws {
                        let result = try TestPluginHost().call(\(name.swiftType).self, arguments: "{}")
                        #expect(!result.succeeded)
                        #expect(result.data?["error"] == "invalid arguments: name: missing")
                    }

                    """),
        ]
    }
}
