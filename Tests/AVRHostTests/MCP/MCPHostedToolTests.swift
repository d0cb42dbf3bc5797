import AVRHost
import Foundation
import FunctionABI
import Testing

/// `"hosted": true`: a remote MCP server OpenAI calls itself, passed on in every request.
@Suite struct MCPHostedToolTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    @Test func aHostedEntryGoesIntoTheRequestAndTheHostNeverConnects() async throws {
        MCPTestSupport.writeConfig(
            [
                #""docs": {"url": "https://mcp.example.com/mcp", "hosted": true, "tools": ["search"], "headers": {"Authorization": "Bearer ${HOME}"}}"#
            ], in: directory)
        try await withTestHost(tools: nil) { settings in
            settings.pluginsConfigPath = directory + "/plugins.json"
        } _: { host in
            let (status, _, _) = try await host.turn(#"{"uuid": "hosted", "message": "look it up"}"#)
            #expect(status == 200)
            let tools = host.standIn.responseBodies.first?["tools"]?.arrayValue ?? []
            let expected: JSONValue = [
                "type": "mcp", "server_label": "docs", "server_url": "https://mcp.example.com/mcp",
                "require_approval": "never", "allowed_tools": ["search"],
                "headers": ["Authorization": .string("Bearer " + (ProcessInfo.processInfo.environment["HOME"] ?? ""))],
            ]
            #expect(tools == [expected])
            let listing = try JSONValue.parse(try await host.client.send(HTTPRequest(url: host.url + "/plugins")).body)
            let docs = try #require(listing["mcp_servers"]?.arrayValue?.first)
            #expect(docs["state"] == "hosted")
            #expect(docs["error"] == nil)
        }
    }

    @Test func onlyARemoteEntryMayBeHosted() {
        #expect(
            throws: PluginsConfigError("mcp_servers.x.hosted", #"only for a remote server ("url"): OpenAI calls it"#)
        ) {
            try PluginsConfig.parse(#"{"mcp_servers": {"x": {"command": ["a"], "hosted": true}}}"#, baseDirectory: "/")
        }
    }
}
