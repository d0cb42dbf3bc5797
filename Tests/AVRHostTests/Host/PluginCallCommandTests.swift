import AVRHost
import Foundation
import Testing

/// `avr-host plugin call`, run as the real executable against real plugin files.
@Suite struct PluginCallCommandTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    func fixture(_ defines: [String]) async throws -> String {
        let path = directory + "/lib\(UUID().uuidString).so"
        try await PluginTestSupport.compileTestPlugin(defines, to: path)
        return path
    }

    @Test func theCEchoPluginAnswersWithItsSettingsAndTheUUID() async throws {
        let run = try await CommandRun.avrHost([
            "plugin", "call", PluginTestSupport.builtPlugin("c_echo_plugin"), "c_echo", #"{"text":"x"}"#,
            "--settings", #"{"prefix":"hi"}"#, "--uuid", "u-1",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout
                == #"{"data":{"arguments":{"text":"x"},"uuid":"u-1"},"message":"hi u-1","status":"success"}"# + "\n")
        // The load is logged at info with name, version and file.
        #expect(run.stderr.contains("plugin loaded: c_echo 1.0.0 from "), "\(run.stderr)")
    }

    @Test func aSwiftPluginRunsWithItsSettings() async throws {
        let data = directory + "/data"
        let run = try await CommandRun.avrHost([
            "plugin", "call", PluginTestSupport.builtPlugin("collect_info"), "collect_info", #"{"name":"Ada"}"#,
            "--settings", #"{"data_dir":"\#(data)"}"#, "--uuid", "call-7",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#""status":"success""#), "\(run.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: data)
        #expect(files.count == 1 && files[0].hasPrefix("call-7"), "\(files)")
        let record = try String(contentsOfFile: data + "/" + files[0], encoding: .utf8)
        #expect(record.contains("Ada"))
    }

    @Test func aFailingFunctionExitsWithOne() async throws {
        let plugin = try await fixture(["FUNC_NAME=\"failing\"", "FAIL"])
        let run = try await CommandRun.avrHost(["plugin", "call", plugin, "failing", "{}"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(
            run.stdout
                == #"{"data":{"reason":"told to fail"},"message":"the test plugin failed","status":"failure"}"# + "\n")
    }

    @Test(arguments: [
        (["ABI_VERSION=99"], "some_fn", "{}", "ABI version 99 not supported"),
        ([], "other_fn", "{}", "offers no function named other_fn"),
        ([], "some_fn", "[1]", "arguments must be a JSON object"),
    ])
    func refusalsBeforeTheCallExitWithTwo(defines: [String], function: String, arguments: String, expected: String)
        async throws
    {
        let plugin = try await fixture(defines + ["FUNC_NAME=\"some_fn\""])
        let run = try await CommandRun.avrHost(["plugin", "call", plugin, function, arguments])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(expected), "\(run.stderr)")
    }

    @Test func aMissingFileExitsWithTwo() async throws {
        let run = try await CommandRun.avrHost(["plugin", "call", directory + "/libnone.so", "x", "{}"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("libnone.so"), "\(run.stderr)")
    }

    @Test func thePluginSeesAMIURLButNoSecretFromTheEnvironment() async throws {
        let secret = try await fixture(["FUNC_NAME=\"secret\"", "SETTING=\"OPENAI_API_KEY\""])
        let leaked = try await CommandRun.avrHost(
            ["plugin", "call", secret, "secret", "{}"], environment: ["OPENAI_API_KEY": "sk-must-not-leak"])
        #expect(leaked.status == 0, "\(leaked.stderr)")
        #expect(leaked.stdout.contains(#""message":"unset""#), "\(leaked.stdout)")
        #expect(!leaked.stdout.contains("sk-must-not-leak"))
        let ami = try await fixture(["FUNC_NAME=\"ami\"", "SETTING=\"AMI_URL\""])
        let shared = try await CommandRun.avrHost(
            ["plugin", "call", ami, "ami", "{}"], environment: ["AMI_URL": "http://ami.test:6006"])
        #expect(shared.stdout.contains(#""message":"http://ami.test:6006""#), "\(shared.stdout)")
    }

    @Test func aCallPastItsDeadlineIsATimeoutFailure() async throws {
        let plugin = try await fixture(["FUNC_NAME=\"slow\"", "HANG_MS=3000"])
        let run = try await CommandRun.avrHost(["plugin", "call", plugin, "slow", "{}", "--timeout-ms", "100"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains(#""error":"timeout""#), "\(run.stdout)")
    }
}
