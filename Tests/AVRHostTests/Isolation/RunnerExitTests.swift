import Foundation
import Testing

@testable import AVRHost

/// How a runner's end reads in the listing (`last_exit`) and in error outputs.
@Suite struct RunnerExitTests {
    @Test func anUnknownStatusIsSaidAsSuchNeverAsExitCodeZero() throws {
        let exit = RunnerExit(status: .unknown(errno: ECHILD), cause: nil)
        #expect(exit.summary == "unknown exit status")
        #expect(
            RunnerExit(status: .unknown(errno: ECHILD), cause: "stop").summary
                == "unknown exit status: stopped by the host")
        let json = try #require(String(data: try JSONEncoder().encode(exit), encoding: .utf8))
        #expect(json.contains(#""unknown":true"#) && !json.contains("code") && !json.contains("signal"))
        #expect(RunnerExit(status: .exited(0), cause: nil).summary == "exit code 0")
        #expect(RunnerExit(status: .signalled(SIGKILL), cause: nil).summary == "signal 9, SIGKILL")
    }
}
