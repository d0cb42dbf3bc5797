import AVRHost
import Testing

/// The identifiers `plugin new` derives from a tool name for Swift and C code.
@Suite struct PluginNameTests {
    @Test(arguments: [
        ("hello", "hello", "HelloPlugin", "HelloFunction"),
        ("hello-world_2", "hello_world_2", "HelloWorld2Plugin", "HelloWorld2Function"),
        ("2nd", "tool_2nd", "Tool2ndPlugin", "Tool2ndFunction"),
        ("-", "_", "ToolPlugin", "ToolFunction"),
        ("self", "self", "SelfPlugin", "SelfFunction"),
    ])
    func identifiersAreValidInSwiftAndC(name: String, c: String, target: String, type: String) throws {
        let derived = try PluginName(name)
        #expect(derived.tool == name)
        #expect(derived.cIdentifier == c)
        #expect(derived.swiftTarget == target)
        #expect(derived.swiftType == type)
    }

    @Test(arguments: ["", "a b", "a.b", "ü", String(repeating: "x", count: 65)])
    func namesPluginsJSONRefusesAreRefused(name: String) {
        #expect(throws: PluginNameError.self) { try PluginName(name) }
    }
}
