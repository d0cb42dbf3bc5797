import AVRHost
import Foundation
import FunctionABI
import Testing

/// avr_transfer, avr_hangup and collect_info as built by the package, against an AMI stand-in.
@Suite struct PluginsAMITests {
    func registry(_ config: String, hostSettings: [String: String]) -> (PluginRegistry, String) {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        PluginTestSupport.writeConfig(config, in: directory)
        let registry = PluginTestSupport.makeRegistry(in: directory, hostSettings: hostSettings)
        registry.start(watch: false)
        return (registry, directory)
    }

    func call(_ registry: PluginRegistry, _ name: String, _ arguments: String, uuid: String) async
        -> ToolOutcome
    {
        await registry.currentCatalog().invoke(
            name: name, arguments: arguments, context: ToolCallContext(uuid: uuid, callID: "c"))
    }

    @Test func transferPostsTheOriginalPayloadUsingAMIURLFromTheEnvironment() async throws {
        let ami = try await AMIStandIn.start()
        defer { ami.stop() }
        let (registry, _) = registry(
            #"{"plugins":{"avr_transfer":{}}}"#, hostSettings: ["AMI_URL": ami.url])
        let outcome = await call(
            registry, "avr_transfer", #"{"transfer_extension":"701"}"#, uuid: "call-1")
        #expect(outcome.succeeded)
        #expect(outcome.spokenMessage == "Call transferred")
        #expect(
            ami.requests == [
                .init(
                    path: "/transfer",
                    body: .object([
                        "uuid": .string("call-1"), "exten": .string("701"), "context": .string("demo"),
                        "priority": .number(1),
                    ]))
            ])
    }

    @Test func pluginSettingsOverrideTheEnvironmentAndDefaults() async throws {
        let ami = try await AMIStandIn.start()
        defer { ami.stop() }
        let config = #"""
            {"plugins":{"avr_transfer":{"settings":{"ami_url":"\#(ami.url)","default_context":"sales","default_priority":2}}}}
            """#
        let (registry, _) = registry(config, hostSettings: ["AMI_URL": "http://127.0.0.1:1"])
        let outcome = await call(registry, "avr_transfer", "{}", uuid: "call-2")
        #expect(outcome.succeeded)
        #expect(ami.requests.first?.body["context"] == .string("sales"))
        #expect(ami.requests.first?.body["exten"] == .number(600))
        #expect(ami.requests.first?.body["priority"] == .number(2))
    }

    @Test func hangupPostsTheUUIDAndAMIErrorsAreHeard() async throws {
        let ami = try await AMIStandIn.start()
        defer { ami.stop() }
        let (registry, _) = registry(
            #"{"plugins":{"avr_hangup":{}}}"#, hostSettings: ["AMI_URL": ami.url])
        let ok = await call(registry, "avr_hangup", "{}", uuid: "call-3")
        #expect(ok.succeeded && ok.spokenMessage == "Call hung up")
        #expect(
            ami.requests.first == .init(path: "/hangup", body: .object(["uuid": .string("call-3")])))
        let missing = await call(registry, "avr_hangup", "{}", uuid: "missing")
        #expect(!missing.succeeded && missing.spokenMessage == "Call with UUID missing not found")
        let broken = await call(registry, "avr_hangup", "{}", uuid: "broken")
        #expect(!broken.succeeded && broken.spokenMessage == "Error communicating with Asterisk")
    }

    @Test func unreachableAMIIsAFailureNotACrash() async throws {
        let (registry, _) = registry(
            #"{"plugins":{"avr_hangup":{}}}"#, hostSettings: ["AMI_URL": "http://127.0.0.1:1"])
        let outcome = await call(registry, "avr_hangup", "{}", uuid: "x")
        #expect(!outcome.succeeded)
    }

    @Test func collectInfoStaysInsideItsFolder() async throws {
        let data = PluginTestSupport.makeTemporaryDirectory() + "/files"
        let (registry, _) = registry(
            #"{"plugins":{"collect_info":{"settings":{"data_dir":"\#(data)"}}}}"#, hostSettings: [:])
        #expect(await call(registry, "collect_info", #"{"name":"Ann"}"#, uuid: "call-4").succeeded)
        #expect(await call(registry, "collect_info", #"{"phone":"123"}"#, uuid: "call-4").succeeded)
        let text = try String(contentsOfFile: data + "/call-4.txt", encoding: .utf8)
        #expect(text == "{\"name\":\"Ann\"}\n{\"phone\":\"123\"}\n")
        #expect(await call(registry, "collect_info", #"{"a":1}"#, uuid: "../../x").succeeded)
        // "../..\\x" also cleans to "______x": the hash of the original keeps them apart.
        #expect(await call(registry, "collect_info", #"{"b":2}"#, uuid: "../..\\x").succeeded)
        let files = try FileManager.default.contentsOfDirectory(atPath: data).sorted()
        #expect(files.count == 3)
        #expect(files.last == "call-4.txt")
        #expect(files.dropLast().allSatisfy { $0.hasPrefix("______x.") && $0.hasSuffix(".txt") })
        #expect(Set(files).count == 3)
        #expect(
            !FileManager.default.fileExists(
                atPath: (data as NSString).deletingLastPathComponent + "/../x.txt"))
    }

    @Test func collectInfoAppendsFromTwoInstancesWithoutLosingLines() async throws {
        let data = PluginTestSupport.makeTemporaryDirectory() + "/files"
        // A deadline no loaded machine reaches: this checks appends, not how fast 200 calls pass 8 slots.
        let config = #"{"plugins":{"collect_info":{"timeout_ms":120000,"settings":{"data_dir":"\#(data)"}}}}"#
        // Two registries: two instances of the plugin, as old and new during a reload.
        let (first, _) = registry(config, hostSettings: [:])
        let (second, _) = registry(config, hostSettings: [:])
        let saved = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    await call(
                        index % 2 == 0 ? first : second, "collect_info", #"{"n":\#(index)}"#,
                        uuid: "shared"
                    ).succeeded
                }
            }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(saved == 200)
        let lines = try String(contentsOfFile: data + "/shared.txt", encoding: .utf8)
            .split(separator: "\n")
        #expect(Set(lines) == Set((0..<200).map { #"{"n":\#($0)}"# }))
        let mode = try FileManager.default.attributesOfItem(atPath: data + "/shared.txt")[.posixPermissions]
        #expect(mode as? Int == 0o600)
    }

    @Test func collectInfoDoesNotFollowASymlink() async throws {
        let data = PluginTestSupport.makeTemporaryDirectory() + "/files"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let target = data + "/../target"
        try "keep\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: data + "/link.txt", withDestinationPath: target)
        let (registry, _) = registry(
            #"{"plugins":{"collect_info":{"settings":{"data_dir":"\#(data)"}}}}"#, hostSettings: [:])
        #expect(!(await call(registry, "collect_info", #"{"a":1}"#, uuid: "link").succeeded))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep\n")
    }
}
