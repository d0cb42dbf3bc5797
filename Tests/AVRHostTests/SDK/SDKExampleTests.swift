import Foundation
import Testing

/// The SDK's examples for other languages, built the documented way and called by the host.
@Suite struct SDKExampleTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()
    static let sdk = PluginTestSupport.repoRoot + "/SDK"

    /// `make install` puts the headers and avr-function-abi.pc under a prefix; the C example
    /// then compiles from anywhere with the pkg-config command its comment documents.
    @Test func theCExampleBuildsThroughPkgConfigAndAnswers() async throws {
        let prefix = directory + "/prefix"
        let install = try await SDKTestSupport.run(
            ["make", "-C", Self.sdk, "install", "PREFIX=" + prefix], in: directory)
        #expect(install.status == 0, "\(install.stdout)")
        let compile = try await SDKTestSupport.run(
            [
                "sh", "-c",
                "cc -shared -fPIC -fvisibility=hidden -Wall -Wextra -Werror $(pkg-config --cflags avr-function-abi) "
                    + "\(Self.sdk)/examples/c/hello.c -o libhello_c.so",
            ], in: directory, environment: ["PKG_CONFIG_PATH": prefix + "/lib/pkgconfig"])
        #expect(compile.status == 0, "\(compile.stdout)")

        let call = try await CommandRun.avrHost(
            [
                "plugin", "call", directory + "/libhello_c.so", "hello_c", #"{"name":"Ada"}"#, "--settings",
                #"{"loud":true}"#, "--uuid", #"call "7""#,
            ], environment: ["AMI_URL": "http://ami.test:6006"])
        #expect(call.status == 0, "\(call.stderr)")
        #expect(
            call.stdout
                == #"{"data":{"arguments":{"name":"Ada"},"uuid":"call \"7\"","ami_url":"http://ami.test:6006"},"message":"HELLO FROM C","status":"success"}"#
                + "\n")
        #expect(call.stderr.contains("hello_c called"), "\(call.stderr)")
    }

    @Test(
        .enabled(
            if: SDKTestSupport.hasCargo,
            "cargo is not installed (scripts/test installs Debian's cargo): the Rust example was not built"))
    func theRustExampleBuildsOfflineAndAnswers() async throws {
        let target = PluginTestSupport.repoRoot + "/.build/rust-example"
        let build = try await SDKTestSupport.build(
            [
                "cargo", "build", "--offline", "--release", "--manifest-path", Self.sdk + "/examples/rust/Cargo.toml",
                "--target-dir", target,
            ], in: directory)
        #expect(build.status == 0, "\(build.stdout)")
        #expect(!build.stdout.contains("warning"), "\(build.stdout)")

        let call = try await CommandRun.avrHost([
            "plugin", "call", target + "/release/libhello_rust.so", "hello_rust", #"{"name":"Ada"}"#, "--uuid",
            "call-3",
        ])
        #expect(call.status == 0, "\(call.stderr)")
        #expect(
            call.stdout
                == #"{"data":{"arguments":{"name":"Ada"},"language":"rust","uuid":"call-3"},"message":"Hello from Rust","status":"success"}"#
                + "\n")
    }
}
