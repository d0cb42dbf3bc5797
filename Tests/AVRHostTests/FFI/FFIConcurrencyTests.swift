import Foundation
import Synchronization
import Testing

@testable import AVRHost

/// One loaded function called from many threads at once, as the worker pool will.
@Suite struct FFIConcurrencyTests {
    final class Tally: Sendable {
        let wrong = Mutex(0)
        let done = DispatchGroup()
    }

    @Test func manyThreadsGetTheirOwnAnswers() throws {
        let add = try FFITest.testFunction(
            "ffi_test_add_int64", returns: "int64", parameters: ["int64", "int64"])
        let hello = try FFITest.testFunction(
            "ffi_test_hello_malloc", returns: "string", parameters: ["string"], free: "free")
        let tally = Tally()
        for thread in 0..<16 {
            tally.done.enter()
            Thread {
                for call in 0..<200 {
                    let n = thread * 1_000 + call
                    let sum = add.call(argumentsJSON: #"{"p0": \#(n), "p1": \#(n * 1_000)}"#).output
                    let greeting = hello.call(argumentsJSON: #"{"p0": "n\#(n)"}"#).output
                    if sum != #"{"result":\#(n * 1_001)}"# || greeting != #"{"result":"Hello, n\#(n)!"}"# {
                        tally.wrong.withLock { $0 += 1 }
                    }
                }
                tally.done.leave()
            }.start()
        }
        tally.done.wait()
        #expect(tally.wrong.withLock { $0 } == 0)
    }
}
