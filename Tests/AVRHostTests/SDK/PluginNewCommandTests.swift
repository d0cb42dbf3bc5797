import Foundation
import Testing

/// `avr-host plugin new`, run as the real executable: what it writes builds as written, and the
/// host loads and calls the result.
@Suite struct PluginNewCommandTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    @Test func aCPluginBuildsWithMakeAndAnswers() async throws {
        let new = try await CommandRun.avrHost(["plugin", "new", "hello-c", "--c", "--output", directory])
        #expect(new.status == 0, "\(new.stderr)")
        #expect(new.stdout.contains("created \(directory)/hello_c.c"), "\(new.stdout)")
        // -Werror: the generated code compiles without a warning.
        let make = try await SDKTestSupport.run(["make", "CFLAGS=-O2 -Wall -Wextra -Werror"], in: directory)
        #expect(make.status == 0, "\(make.stdout)")
        let check = try await SDKTestSupport.run(
            ["make", "check", "AVR_HOST=" + HostProcess.buildFolder.appendingPathComponent("avr-host").path],
            in: directory)
        #expect(check.status == 0 && check.stdout.contains(#""status":"success""#), "\(check.stdout)")

        let call = try await CommandRun.avrHost([
            "plugin", "call", directory + "/libhello-c.so", "hello-c", #"{"name":"Ada \"the first\""}"#, "--uuid",
            "call\n1",
        ])
        #expect(call.status == 0, "\(call.stderr)")
        #expect(
            call.stdout
                == #"{"data":{"arguments":{"name":"Ada \"the first\""},"uuid":"call\n1"},"message":"Hello from hello-c","status":"success"}"#
                + "\n")
    }

    /// The one slow test (a SwiftPM build of the generated package): it builds in a folder kept
    /// under .build, so a second run only rebuilds what changed.
    @Test func aSwiftPluginBuildsPassesItsTestAndAnswers() async throws {
        let project = PluginTestSupport.repoRoot + "/.build/plugin-new-swift"
        try SDKTestSupport.removeAll(in: project, except: ".build")
        let new = try await CommandRun.avrHost(["plugin", "new", "2nd-greeter", "--output", project])
        #expect(new.status == 0, "\(new.stderr)")
        #expect(new.stdout.contains("Sources/Tool2ndGreeterPlugin/Tool2ndGreeterFunction.swift"), "\(new.stdout)")

        let build = try await SDKTestSupport.build(["swift", "build", "--build-tests"], in: project)
        #expect(build.status == 0, "\(build.stdout)")
        #expect(!build.stdout.contains("warning:"), "\(build.stdout)")
        // The package depends on the SDK alone: nothing was fetched.
        let checkouts = (try? FileManager.default.contentsOfDirectory(atPath: project + "/.build/checkouts")) ?? []
        #expect(checkouts.isEmpty, "\(checkouts)")
        let test = try await SDKTestSupport.run(["swift", "test", "--skip-build"], in: project)
        #expect(test.status == 0, "\(test.stdout)")
        #expect(test.stdout.contains("Test run with 2 tests"), "\(test.stdout)")

        let call = try await CommandRun.avrHost([
            "plugin", "call", project + "/.build/debug/lib2nd-greeter.so", "2nd-greeter", #"{"name":"Ada"}"#,
            "--settings", #"{"greeting":"Welcome"}"#, "--uuid", "call-2",
        ])
        #expect(call.status == 0, "\(call.stderr)")
        #expect(call.stdout == #"{"data":{"greeted":"Ada"},"message":"Welcome Ada","status":"success"}"# + "\n")
        // Built against the SDK by the host's toolchain: the plugin carries the same stamp.
        #expect(!call.stderr.contains("toolchain mismatch"), "\(call.stderr)")
    }

    @Test(arguments: ["", "two words", "a/b", "café", String(repeating: "x", count: 65)])
    func aNameThatIsNoToolNameIsRefused(name: String) async throws {
        let run = try await CommandRun.avrHost(["plugin", "new", name, "--c", "--output", directory])
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("is not a tool name"), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func existingFilesAreNeverOverwritten() async throws {
        try "# mine\n".write(toFile: directory + "/Makefile", atomically: true, encoding: .utf8)
        let run = try await CommandRun.avrHost(["plugin", "new", "tool", "--c", "--output", directory])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("refusing to overwrite \(directory)/Makefile; nothing was written"), "\(run.stderr)")
        #expect(try String(contentsOfFile: directory + "/Makefile", encoding: .utf8) == "# mine\n")
        #expect(!FileManager.default.fileExists(atPath: directory + "/tool.c"))
    }

    /// An avr-host with no SDK/ in its folder or above (a hard link keeps /proc/self/exe there).
    @Test func withoutAnSDKAboveTheExecutableItAsksForSDK() async throws {
        let executable = directory + "/bin/avr-host"
        try FileManager.default.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
        try FileManager.default.linkItem(
            atPath: HostProcess.buildFolder.appendingPathComponent("avr-host").path, toPath: executable)
        let run = try await CommandRun.run(
            URL(fileURLWithPath: executable), ["plugin", "new", "tool", "--output", directory + "/out"],
            in: URL(fileURLWithPath: directory))
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("no plugin SDK found in \(directory)/bin or the folders above it: pass --sdk"),
            "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
    }

    @Test func aFolderThatIsNoSDKIsRefused() async throws {
        let run = try await CommandRun.avrHost(["plugin", "new", "tool", "--sdk", directory, "--output", directory])
        #expect(run.status == 1)
        #expect(run.stderr.contains("--sdk \(directory) is not the plugin SDK"), "\(run.stderr)")
    }
}
