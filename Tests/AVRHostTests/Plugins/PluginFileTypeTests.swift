import Foundation
import FunctionABI
import Testing

@testable import AVRHost

/// Only regular files are plugin files: a FIFO or a directory, named in plugins.json or
/// dropped in, is refused with a message saying what it is, at start-up and on reload, and
/// the host keeps serving (it used to block forever reading the FIFO, or copy the directory).
@Suite struct PluginsFileTypeTests {
    let folder = PluginTestSupport.makeTemporaryDirectory()

    func writeConfig(_ entries: String) {
        PluginTestSupport.writeConfig(#"{"plugin_dirs":["functions"],"plugins":{\#(entries)}}"#, in: folder)
    }

    func listing(_ host: TestHost) async throws -> [String: FunctionABI.JSONValue] {
        let (_, body) = try await host.client.send(HTTPRequest(url: host.url + "/plugins"))
        let rows = try FunctionABI.JSONValue.parse(body)["functions"]?.arrayValue ?? []
        return rows.reduce(into: [:]) { $0[$1["name"]?.stringValue ?? ""] = $1 }
    }

    func reload(_ host: TestHost) async throws -> (Int, FunctionABI.JSONValue) {
        let (head, body) = try await host.client.send(HTTPRequest(method: "POST", url: host.url + "/plugins/reload"))
        return (head.status, try FunctionABI.JSONValue.parse(body))
    }

    @Test func fifosAndDirectoriesAreRefusedAtStartUpAndOnReloadWhileTheHostServes() async throws {
        try await PluginTestSupport.compileTestPlugin(["FUNC_NAME=\"echo\""], to: folder + "/functions/libecho.so")
        #expect(mkfifo(folder + "/functions/libpiped.so", 0o600) == 0)
        #expect(mkfifo(folder + "/named.so", 0o600) == 0)
        try FileManager.default.createDirectory(atPath: folder + "/tree.so", withIntermediateDirectories: true)
        try "not a plugin".write(toFile: folder + "/tree.so/inside.txt", atomically: true, encoding: .utf8)
        writeConfig(#""named": {"path": "named.so"}"#)
        let folder = folder
        // Bounded: the regression is a start-up (and a reload) that never ends.
        try await within(.seconds(30)) {
            try await withTestHost(tools: nil) { settings in
                settings.pluginsConfigPath = folder + "/plugins.json"
            } _: { host in
                var rows = try await listing(host)
                #expect(rows["echo"]?["status"] == "active")
                #expect(
                    rows["named"]?["error"]?.stringValue?.hasPrefix(
                        "\(folder)/named.so is a FIFO (named pipe), not a regular file") == true,
                    "\(String(describing: rows["named"]))")
                #expect(rows["libpiped.so"]?["error"]?.stringValue?.contains("libpiped.so is a FIFO") == true)
                #expect(host.logs.all.contains { $0.level == .warning && $0.message.contains("is a FIFO") })
                // The host serves turns and tools.
                let turn = try await host.turn(##"{"uuid":"fifo","message":"#call echo {}"}"##)
                #expect(turn.status == 200)
                #expect(try await listing(host)["echo"]?["calls"] == 1)

                // On reload: a directory as a path, and the serving plugin's file swapped for a FIFO.
                writeConfig(#""named": {"path": "tree.so"}"#)
                unlink(folder + "/functions/libecho.so")
                #expect(mkfifo(folder + "/functions/libecho.so", 0o600) == 0)
                let (status, report) = try await reload(host)
                #expect(status == 200)
                let problems = report["problems"]?.arrayValue?.compactMap(\.stringValue) ?? []
                #expect(problems.contains { $0.contains("\(folder)/tree.so is a directory, not a regular file") })
                #expect(problems.contains { $0.contains("libecho.so is a FIFO") })
                rows = try await listing(host)
                // The old echo keeps serving, with the refusal of its new "version" shown.
                #expect(rows["echo"]?["status"] == "active")
                #expect(rows["echo"]?["error"]?.stringValue?.contains("is a FIFO") == true)
                #expect(rows["named"]?["error"]?.stringValue?.contains("is a directory") == true)
                #expect(try await host.turn(##"{"uuid":"fifo","message":"#call echo {}"}"##).status == 200)
                #expect(try await listing(host)["echo"]?["calls"] == 2)
            }
        }
        // Nothing of the directory was copied anywhere under this process's copy folder.
        let copied = FileManager.default.enumerator(atPath: PluginCopyFolders.processFolder)?.allObjects ?? []
        #expect(!copied.contains { "\($0)".hasSuffix("inside.txt") }, "\(copied)")
    }
}
