import AVRHost
import Testing

/// The `mcp_servers` part of plugins.json: what it accepts and how it names what it refuses.
@Suite struct MCPConfigTests {
    func parse(_ servers: String) throws(PluginsConfigError) -> PluginsConfig {
        try PluginsConfig.parse(#"{"mcp_servers": {\#(servers)}}"#, baseDirectory: "/etc/avr")
    }

    func refusal(_ servers: String) -> String? {
        do {
            _ = try parse(servers)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aLocalAndARemoteServerWithTheirDefaults() throws {
        let config = try parse(
            #""files": {"command": ["npx", "server"], "env": {"ROOT": "/srv"}, "cwd": "mcp", "tools": ["read"]}, "#
                + #""search": {"url": "https://mcp.example/mcp", "headers": {"Authorization": "Bearer ${TOKEN}"}, "timeout_ms": 9000, "tool_prefix": ""}"#
        )
        let files = try #require(config.mcpServers["files"])
        #expect(
            files.transport
                == .stdio(command: ["npx", "server"], environment: ["ROOT": "/srv"], workingDirectory: "/etc/avr/mcp"))
        #expect(files.toolPrefix == "files_")
        #expect(files.allowedTools == ["read"])
        #expect(files.timeoutMs == PluginsConfig.defaultTimeoutMs)
        #expect(files.enabled)
        let search = try #require(config.mcpServers["search"])
        #expect(
            search.transport == .http(url: "https://mcp.example/mcp", headers: ["Authorization": "Bearer ${TOKEN}"]))
        #expect(search.toolPrefix == "")
        #expect(search.timeoutMs == 9000)
        #expect(search.allowedTools == nil)
    }

    @Test func mistakesNameTheirField() {
        #expect(
            refusal(#""x": {}"#) == #"mcp_servers.x: needs either "command" (a local server) or "url" (a remote one)"#)
        #expect(
            refusal(#""x": {"command": ["a"], "url": "http://h"}"#)?.hasPrefix("mcp_servers.x: needs either") == true)
        #expect(refusal(#""x": {"command": []}"#) == "mcp_servers.x.command: must be a non-empty array of strings")
        #expect(refusal(#""x": {"url": "ftp://h"}"#) == "mcp_servers.x.url: must be an http:// or https:// URL")
        #expect(
            refusal(#""x": {"url": "http://h", "env": {}}"#)
                == #"mcp_servers.x.env: only for a local server ("command")"#)
        #expect(
            refusal(#""x": {"command": ["a"], "headers": {}}"#)
                == #"mcp_servers.x.headers: only for a remote server ("url")"#)
        #expect(
            refusal(#""x": {"command": ["a"], "timeout_ms": 0}"#)
                == "mcp_servers.x.timeout_ms: must be an integer from 1 to 600000")
        #expect(
            refusal(#""x": {"command": ["a"], "tool_prefix": "a.b"}"#)?.hasPrefix("mcp_servers.x.tool_prefix:") == true)
        #expect(refusal(#""x": {"command": ["a"], "env": {"A": 1}}"#) == "mcp_servers.x.env.A: must be a string")
        #expect(refusal(#""x": {"command": ["a"], "colour": "red"}"#) == "mcp_servers.x.colour: unknown field")
        #expect(
            refusal(#""bad name": {"command": ["a"]}"#)
                == "mcp_servers.bad name: server name must match [a-zA-Z0-9_-]{1,64}")
    }
}
