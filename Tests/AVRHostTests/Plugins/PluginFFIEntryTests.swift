import AVRHost
import Foundation
import Testing

/// `"ffi"` entries of plugins.json served through the registry like any other function.
@Suite struct PluginsFFIEntryTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    /// The issue's libm example, as one `"plugins"` member.
    static let power = #"""
        "power": {"enabled": true, "description": "Raise x to the power y.",
          "ffi": {"library": "libm.so.6", "symbol": "pow", "returns": "double",
                  "parameters": [{"name": "x", "type": "double", "description": "base"},
                                 {"name": "y", "type": "double", "description": "exponent"}]}}
        """#

    /// A one-parameter libm entry named `name` calling `symbol`, with a replaceable type.
    static func unary(_ name: String, symbol: String, library: String = "libm.so.6", type: String = "double")
        -> String
    {
        #""\#(name)": {"ffi": {"library": "\#(library)", "symbol": "\#(symbol)", "returns": "double", "parameters": [{"name": "v", "type": "\#(type)"}]}}"#
    }

    func registry(_ members: [String]) -> PluginRegistry {
        write(members)
        return PluginTestSupport.makeRegistry(in: directory)
    }

    func write(_ members: [String]) {
        try? FileManager.default.createDirectory(
            atPath: directory + "/functions", withIntermediateDirectories: true)
        PluginTestSupport.writeConfig(
            #"{"plugin_dirs":["functions"],"plugins":{\#(members.joined(separator: ","))}}"#,
            in: directory)
    }

    func call(_ registry: PluginRegistry, _ name: String, _ arguments: String) async -> ToolOutcome {
        await registry.currentCatalog().invoke(
            name: name, arguments: arguments, context: ToolCallContext(uuid: "u", callID: "c"))
    }

    @Test func powerExampleLoadsWithItsDerivedSchemaAndAnswers() async throws {
        let registry = registry([Self.power])
        let report = registry.start(watch: false)
        #expect(report.activeFunctions == ["power"], "\(report.problems)")
        let definition = try #require(registry.currentCatalog().definitions.first { $0.name == "power" })
        #expect(definition.description == "Raise x to the power y.")
        #expect(
            definition.parametersJSON
                == #"{"type":"object","properties":{"x":{"type":"number","description":"base"},"y":{"type":"number","description":"exponent"}},"required":["x","y"],"additionalProperties":false}"#
        )
        let outcome = await call(registry, "power", #"{"x": 2, "y": 10}"#)
        #expect(outcome.succeeded)
        #expect(outcome.output == #"{"result":1024}"#)
    }

    @Test func wrongArgumentsGiveAnErrorOutputAndCountAsFailures() async throws {
        let registry = registry([Self.power])
        registry.start(watch: false)
        // Refused by the declared schema before libffi is reached, as for every kind of function.
        let missing = await call(registry, "power", #"{"x": 2}"#)
        #expect(
            missing.output
                == #"{"error":"invalid_arguments","message":"arguments do not match the schema: \"y\" is required","status":"failure"}"#
        )
        let notObject = await call(registry, "power", "[1, 2]")
        #expect(!notObject.succeeded && notObject.output.contains("invalid_arguments"))
        let row = try #require(registry.listing().functions.first { $0.name == "power" })
        #expect(row.calls == 2 && row.failures == 2)
    }

    @Test(arguments: [
        (unary("broken", symbol: "fabs", type: "float128"), "plugins.broken.ffi.parameters[0].type"),
        (unary("broken", symbol: "fabs", library: "libnope.so.9"), "plugins.broken.ffi.library"),
        (unary("broken", symbol: "no_such_symbol"), "plugins.broken.ffi.symbol"),
        (#""broken": {"ffi": {"library": "libm.so.6"}}"#, "plugins.broken.ffi.symbol"),
    ])
    func refusedDeclarationsNameTheFieldWhileOthersServe(member: String, field: String) async throws {
        let registry = registry([member, Self.power])
        let report = registry.start(watch: false)
        #expect(report.activeFunctions == ["power"])
        #expect(report.problems.contains { $0.hasPrefix("broken: \(field)") }, "\(report.problems)")
        let row = try #require(registry.listing().functions.first { $0.name == "broken" })
        #expect(row.kind == "ffi" && row.status == "error")
        #expect(row.error?.hasPrefix(field) == true, "\(row.error ?? "")")
        #expect(await call(registry, "power", #"{"x": 2, "y": 10}"#).output == #"{"result":1024}"#)
        let broken = await call(registry, "broken", #"{"v": 1}"#)
        #expect(!broken.succeeded && broken.output.contains("unknown_function"))
    }

    @Test func reloadAppliesChangedAddedDisabledAndRemovedEntries() async throws {
        let registry = registry([Self.unary("math", symbol: "fabs")])
        registry.start(watch: false)
        #expect(await call(registry, "math", #"{"v": -4}"#).output == #"{"result":4}"#)
        let fabs = try #require(registry.listing().functions.first { $0.name == "math" })

        // Unchanged: the same function keeps serving, with its counters.
        write([Self.unary("math", symbol: "fabs"), Self.power])
        #expect(registry.reload().activeFunctions == ["math", "power"])
        let kept = try #require(registry.listing().functions.first { $0.name == "math" })
        #expect(kept.loadedAt == fabs.loadedAt && kept.calls == 1)

        // Changed: the new declaration serves.
        write([Self.unary("math", symbol: "sqrt"), Self.power])
        registry.reload()
        #expect(await call(registry, "math", #"{"v": 16}"#).output == #"{"result":4}"#)
        #expect(registry.listing().functions.first { $0.name == "math" }?.file == "libm.so.6:sqrt")

        // Broken: refused, the previous declaration keeps serving.
        write([Self.unary("math", symbol: "sqrt", type: "quad"), Self.power])
        let refused = registry.reload()
        #expect(refused.activeFunctions == ["math", "power"])
        #expect(refused.problems.contains { $0.contains("plugins.math.ffi.parameters[0].type") })
        #expect(await call(registry, "math", #"{"v": 9}"#).output == #"{"result":3}"#)
        let row = try #require(registry.listing().functions.first { $0.name == "math" })
        #expect(row.status == "active" && row.error?.contains("quad") == true)

        // Disabled, then removed.
        write([#""math": {"enabled": false, "ffi": {}}"#, Self.power])
        #expect(registry.reload().activeFunctions == ["power"])
        #expect(registry.listing().functions.first { $0.name == "math" }?.status == "disabled")
        write([])
        #expect(registry.reload().activeFunctions == [])
        #expect(registry.listing().functions.isEmpty)
    }

    @Test func anFFIEntryDuplicatingAPluginFunctionIsRefused() async throws {
        try FileManager.default.createDirectory(
            atPath: directory + "/functions", withIntermediateDirectories: true)
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"twin\""], to: directory + "/functions/libtwin.so")
        let registry = registry([Self.power])
        #expect(registry.start(watch: false).activeFunctions == ["power", "twin"])
        write([Self.power, Self.unary("twin", symbol: "fabs")])
        let report = registry.reload()
        #expect(report.activeFunctions == ["power", "twin"])
        #expect(report.problems.contains { $0.hasPrefix("twin: duplicate function name") }, "\(report.problems)")
        let rows = registry.listing().functions.filter { $0.name == "twin" }
        #expect(rows.contains { $0.kind == "plugin" && $0.status == "active" })
        #expect(rows.contains { $0.kind == "ffi" && $0.status == "error" })
        #expect(await call(registry, "twin", "{}").spokenMessage == "ok")
    }

    @Test func listingShowsTheEntryWithItsStats() async throws {
        let registry = registry([Self.power])
        registry.start(watch: false)
        _ = await call(registry, "power", #"{"x": 2, "y": 10}"#)
        let row = try #require(registry.listing().functions.first { $0.name == "power" })
        #expect(row.kind == "ffi")
        #expect(row.file == "libm.so.6:pow")
        #expect(row.status == "active" && row.error == nil)
        #expect(row.calls == 1 && row.failures == 0 && row.meanLatencyMs > 0)
        let json = String(decoding: registry.listing().jsonData(), as: UTF8.self)
        #expect(json.contains(#""kind":"ffi""#))
    }

    @Test func theRepositoryExampleIsListedAndServesOnceEnabled() async throws {
        let text = try String(
            contentsOfFile: PluginTestSupport.repoRoot + "/plugins.json", encoding: .utf8)
        let config = try PluginsConfig.parse(text, baseDirectory: directory)
        let example = try #require(config.plugins["power"])
        #expect(example.ffi != nil && example.enabled == false)
        // The shipped entry, switched on, is the issue's example end to end.
        let enabled = text.replacingOccurrences(
            of: #""enabled": false,"#, with: #""enabled": true,"#)
        PluginTestSupport.writeConfig(enabled, in: directory)
        let registry = PluginTestSupport.makeRegistry(in: directory)
        #expect(registry.start(watch: false).activeFunctions.contains("power"))
        #expect(await call(registry, "power", #"{"x": 2, "y": 10}"#).output == #"{"result":1024}"#)
    }
}
