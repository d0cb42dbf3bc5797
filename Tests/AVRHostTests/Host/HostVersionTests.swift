import AVRHost
import Foundation
import Testing

/// The host, ABI and toolchain a plugin must match, as `--version` and `GET /plugins` show them.
@Suite struct HostVersionTests {
    @Test func versionPrintsTheThreeThingsAPluginMustMatch() async throws {
        let run = try await CommandRun.avrHost(["--version"])
        #expect(run.status == 0)
        #expect(
            run.stdout
                == "avr-host \(HostVersion.host)\nplugin ABI 1\nSwift toolchain \(HostVersion.toolchainStamp)\n")
        #expect(HostVersion.toolchainStamp.hasPrefix("swift/clang "))
    }

    @Test func thePluginListingShowsTheSame() throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        PluginTestSupport.writeConfig(#"{"plugins":{}}"#, in: directory)
        let registry = PluginTestSupport.makeRegistry(in: directory)
        let listing = try JSONSerialization.jsonObject(with: registry.listing().jsonData()) as? [String: Any]
        #expect(listing?["host_version"] as? String == HostVersion.host)
        #expect(listing?["abi_version"] as? Int == 1)
        #expect(listing?["toolchain_stamp"] as? String == HostVersion.toolchainStamp)
    }
}
