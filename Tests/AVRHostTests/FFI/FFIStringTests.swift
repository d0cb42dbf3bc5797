import Testing

@testable import AVRHost

/// Strings in and out, and proof that a returned string's owner is honoured.
@Suite struct FFIStringTests {
    @Test func stringIn() throws {
        let length = try FFITest.testFunction(
            "ffi_test_strlen", returns: "int64", parameters: ["string"])
        #expect(length.call(argumentsJSON: #"{"p0": "héllo"}"#).output == #"{"result":6}"#)
        #expect(length.call(argumentsJSON: #"{"p0": ""}"#).output == #"{"result":0}"#)
    }

    @Test func staticStringIsNotFreed() throws {
        let greeting = try FFITest.testFunction(
            "ffi_test_greeting", returns: "string", parameters: [], free: "none")
        #expect(greeting.call(argumentsJSON: "{}").output == #"{"result":"static greeting"}"#)
        // A second call would crash or garble if the first had freed the static string.
        #expect(greeting.call(argumentsJSON: "{}").output == #"{"result":"static greeting"}"#)
        let null = try FFITest.testFunction(
            "ffi_test_null_string", returns: "string", parameters: [], free: "none")
        #expect(null.call(argumentsJSON: "{}").output == #"{"result":null}"#)
    }

    @Test func mallocStringFreedWithFree() throws {
        let hello = try FFITest.testFunction(
            "ffi_test_hello_malloc", returns: "string", parameters: ["string"], free: "free")
        #expect(
            hello.call(argumentsJSON: #"{"p0": "Ada \"Lovelace\""}"#).output
                == #"{"result":"Hello, Ada \"Lovelace\"!"}"#)
    }

    @Test func customReleaseRunsOncePerCall() throws {
        let hello = try FFITest.testFunction(
            "ffi_test_hello_owned", returns: "string", parameters: ["string"], free: "ffi_test_release")
        let count = try FFITest.testFunction("ffi_test_release_count", returns: "int64", parameters: [])
        func released() -> Int {
            Int(count.call(argumentsJSON: "{}").output.dropFirst(10).dropLast()) ?? -1
        }
        let before = released()
        #expect(hello.call(argumentsJSON: #"{"p0": "Bob"}"#).output == #"{"result":"Hello, Bob!"}"#)
        #expect(released() == before + 1)
        for _ in 0..<3 { _ = hello.call(argumentsJSON: #"{"p0": "x"}"#) }
        #expect(released() == before + 4)
        // Refused arguments never reach the function, so nothing is released.
        #expect(!hello.call(argumentsJSON: #"{"p0": 1}"#).succeeded)
        #expect(released() == before + 4)
    }

    @Test func stringTemplate() throws {
        let hello = try FFITest.load(
            "hello",
            #"{"library": "$LIB", "symbol": "ffi_test_hello_malloc", "returns": "string", "free": "free", "parameters": [{"name": "name", "type": "string"}], "message": "They said: {result}"}"#
        )
        #expect(
            hello.call(argumentsJSON: #"{"name": "Eve"}"#).spokenMessage == "They said: Hello, Eve!")
    }
}
