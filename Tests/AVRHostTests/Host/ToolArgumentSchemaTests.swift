import AVRHost
import Foundation
import FunctionABI
import Testing

/// End to end: the model calls a real plugin with arguments its schema refuses.
@Suite("Tool arguments checked against the schema")
struct ToolArgumentSchemaTests {
    @Test("wrong arguments never reach the plugin, and the model is told what is wrong")
    func wrongArgumentsAreRefused() async throws {
        let folder = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await PluginTestSupport.compileTestPlugin(
            [
                #"FUNC_NAME="needs_reason""#, "COUNT_CALLS",
                #"SCHEMA="{\"type\":\"object\",\"properties\":{\"reason\":{\"type\":\"string\"},\"count\":{\"type\":\"integer\"}},\"required\":[\"reason\"]}""#,
            ], to: folder + "/functions/libneeds_reason.so")
        PluginTestSupport.writeConfig(#"{"plugin_dirs": ["functions"], "plugins": {}}"#, in: folder)
        try await withTestHost(tools: nil) { settings in
            settings.pluginsConfigPath = folder + "/plugins.json"
        } _: { host in
            _ = try await host.turn(##"{"uuid":"schema-1","message":"#call needs_reason {\"count\":\"x\"}"}"##)
            let refused = try #require(host.standIn.responseBodies.last?["input"]?.arrayValue?.first)
            #expect(refused["type"] == "function_call_output")
            #expect(
                try JSONValue.parse(try #require(refused["output"]?.stringValue)) == [
                    "status": "failure", "error": "invalid_arguments",
                    "message": #"arguments do not match the schema: "reason" is required; "count" must be an integer"#,
                ])
            let (_, body) = try await host.client.send(HTTPRequest(url: host.url + "/plugins"))
            let row = try JSONValue.parse(body)["functions"]?.arrayValue?.first { $0["name"] == "needs_reason" }
            #expect(row?["status"] == "active")
            #expect(row?["calls"] == 1 && row?["failures"] == 1)

            // The plugin's own count: the call it answers now is the first it ever got.
            _ = try await host.turn(
                ##"{"uuid":"schema-1","message":"#call needs_reason {\"reason\":\"r\",\"count\":2}"}"##)
            let output = try #require(
                host.standIn.responseBodies.last?["input"]?.arrayValue?.first?["output"]?.stringValue)
            #expect(try JSONValue.parse(output)["message"] == "invocation 1")
        }
    }
}
