import Testing

@testable import AVRHost

/// Every supported type through a real C call, including the extremes of each range.
@Suite struct FFITypesTests {
    @Test(arguments: [
        ("int8", #"{"p0": -100, "p1": -28}"#, #"{"result":-128}"#),
        ("int16", #"{"p0": 32000, "p1": 767}"#, #"{"result":32767}"#),
        ("int32", #"{"p0": -2147483647, "p1": -1}"#, #"{"result":-2147483648}"#),
        ("int64", #"{"p0": 9223372036854775806, "p1": 1}"#, #"{"result":9223372036854775807}"#),
        ("uint8", #"{"p0": 200, "p1": 55}"#, #"{"result":255}"#),
        ("uint16", #"{"p0": 65534, "p1": 1}"#, #"{"result":65535}"#),
        ("uint32", #"{"p0": 4294967294, "p1": 1}"#, #"{"result":4294967295}"#),
        ("uint64", #"{"p0": 18446744073709551614, "p1": 1}"#, #"{"result":18446744073709551615}"#),
        ("float", #"{"p0": 0.25, "p1": 0.5}"#, #"{"result":0.75}"#),
        ("double", #"{"p0": 0.1, "p1": 0.2}"#, #"{"result":0.30000000000000004}"#),
    ])
    func add(type: String, arguments: String, expected: String) throws {
        let add = try FFITest.testFunction(
            "ffi_test_add_\(type)", returns: type, parameters: [type, type])
        #expect(add.call(argumentsJSON: arguments).output == expected)
    }

    @Test func bool() throws {
        let not = try FFITest.testFunction("ffi_test_not", returns: "bool", parameters: ["bool"])
        #expect(not.call(argumentsJSON: #"{"p0": true}"#).output == #"{"result":false}"#)
        #expect(not.call(argumentsJSON: #"{"p0": false}"#).output == #"{"result":true}"#)
    }

    @Test func extremesRoundTrip() throws {
        let int8 = try FFITest.testFunction("ffi_test_echo_int8", returns: "int8", parameters: ["int8"])
        #expect(int8.call(argumentsJSON: #"{"p0": -128}"#).output == #"{"result":-128}"#)
        #expect(int8.call(argumentsJSON: #"{"p0": 127}"#).output == #"{"result":127}"#)
        let int64 = try FFITest.testFunction(
            "ffi_test_echo_int64", returns: "int64", parameters: ["int64"])
        #expect(
            int64.call(argumentsJSON: #"{"p0": -9223372036854775808}"#).output
                == #"{"result":-9223372036854775808}"#)
        let uint64 = try FFITest.testFunction(
            "ffi_test_echo_uint64", returns: "uint64", parameters: ["uint64"])
        #expect(
            uint64.call(argumentsJSON: #"{"p0": 18446744073709551615}"#).output
                == #"{"result":18446744073709551615}"#)
        // An integral number written with a fraction is still an integer.
        #expect(uint64.call(argumentsJSON: #"{"p0": 7.0}"#).output == #"{"result":7}"#)
    }

    @Test func mixedArgumentsKeepTheirOrder() throws {
        let mixed = try FFITest.testFunction(
            "ffi_test_mixed", returns: "double",
            parameters: ["int8", "uint16", "float", "bool", "int64", "double"])
        let result = mixed.call(
            argumentsJSON: #"{"p0": -1, "p1": 20, "p2": 0.5, "p3": true, "p4": 300000, "p5": 0.25}"#)
        #expect(result.output == #"{"result":301019.75}"#)
    }

    @Test func voidResult() throws {
        let touch = try FFITest.testFunction("ffi_test_touch", returns: "void", parameters: [])
        let count = try FFITest.testFunction("ffi_test_touch_count", returns: "int64", parameters: [])
        #expect(touch.call(argumentsJSON: "{}").output == #"{"result":null}"#)
        #expect(count.call(argumentsJSON: "{}").succeeded)
    }
}
