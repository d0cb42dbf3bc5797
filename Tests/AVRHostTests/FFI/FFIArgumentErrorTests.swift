import FunctionABI
import Testing

@testable import AVRHost

/// Wrong arguments give the model a clear error result and never reach the C function.
@Suite struct FFIArgumentErrorTests {
    static func failure(_ type: String, _ arguments: String) throws -> FFICallResult {
        let echo: FFIFunction
        switch type {
        case "int8":
            echo = try FFITest.testFunction("ffi_test_echo_int8", returns: "int8", parameters: ["int8"])
        case "uint32":
            echo = try FFITest.testFunction(
                "ffi_test_echo_uint32", returns: "uint32", parameters: ["uint32"])
        case "float":
            echo = try FFITest.testFunction("ffi_test_add_float", returns: "float", parameters: ["float"])
        case "bool":
            echo = try FFITest.testFunction("ffi_test_not", returns: "bool", parameters: ["bool"])
        default:
            echo = try FFITest.testFunction("ffi_test_strlen", returns: "int64", parameters: ["string"])
        }
        return echo.call(argumentsJSON: arguments)
    }

    @Test(arguments: [
        ("int8", #"{"p0": 300}"#, #"argument "p0": 300 is out of range for int8 (-128...127)"#),
        ("int8", #"{"p0": -129}"#, #"argument "p0": -129 is out of range for int8 (-128...127)"#),
        ("uint32", #"{"p0": -1}"#, #"argument "p0": -1 is out of range for uint32 (0...4294967295)"#),
        (
            "uint32", #"{"p0": 4294967296}"#,
            #"argument "p0": 4294967296 is out of range for uint32 (0...4294967295)"#
        ),
        (
            "uint32", #"{"p0": 18446744073709551616}"#,
            #"argument "p0": 1.8446744073709552e+19 is out of range for uint32 (0...4294967295)"#
        ),
        ("int8", #"{"p0": 1.5}"#, #"argument "p0": expected an integer, got 1.5"#),
        ("int8", #"{"p0": "1"}"#, #"argument "p0": expected an integer, got a string"#),
        ("int8", #"{"p0": true}"#, #"argument "p0": expected an integer, got a boolean"#),
        ("int8", #"{"p0": null}"#, #"argument "p0": expected an integer, got null"#),
        ("float", #"{"p0": "2"}"#, #"argument "p0": expected a number, got a string"#),
        ("float", #"{"p0": 1e39}"#, #"argument "p0": 1e+39 is out of range for float"#),
        ("bool", #"{"p0": 1}"#, #"argument "p0": expected a boolean, got a number"#),
        ("string", #"{"p0": 5}"#, #"argument "p0": expected a string, got a number"#),
        (
            "string", #"{"p0": "a\u0000b"}"#,
            #"argument "p0": a string with a NUL character cannot be passed to C"#
        ),
        ("int8", #"{}"#, #"missing argument "p0""#),
        ("int8", #"{"p0": 1, "p9": 2}"#, #"unexpected argument "p9""#),
        ("int8", #"[1]"#, #"arguments must be a JSON object, got an array"#),
        ("int8", #"7"#, #"arguments must be a JSON object, got a number"#),
        ("int8", #"{"p0": "#, #"arguments are not valid JSON"#),
        ("int8", #""#, #"arguments are not valid JSON"#),
    ])
    func refused(type: String, arguments: String, reason: String) throws {
        let result = try Self.failure(type, arguments)
        #expect(!result.succeeded)
        #expect(result.failureReason == reason)
        #expect(result.spokenMessage == nil)
        #expect(result.output == JSONValue.object(["error": .string(reason)]).jsonText)
    }

    @Test func errorOutputIsValidJSON() throws {
        let result = try Self.failure("int8", #"{"p0": 300}"#)
        #expect(
            result.output == #"{"error":"argument \"p0\": 300 is out of range for int8 (-128...127)"}"#)
    }
}
