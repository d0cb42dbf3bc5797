import Foundation
import Testing

@testable import AVRHost

/// Refused declarations: each kind of mistake names the entry and the field.
@Suite struct FFIDeclarationErrorTests {
    static let libmPow = #""library": "libm.so.6", "symbol": "pow", "returns": "double""#
    static let xy =
        #""parameters": [{"name": "x", "type": "double"}, {"name": "y", "type": "double"}]"#

    @Test(arguments: [
        (
            #"{\#(libmPow), "parameters": [{"name": "x", "type": "double"}, {"name": "y", "type": "doubel"}]}"#,
            #"plugins.power.ffi.parameters[1].type: unknown type "doubel" (use one of int8, int16, int32, int64, uint8, uint16, uint32, uint64, float, double, bool, string)"#
        ),
        (
            #"{"library": "libm.so.6", "symbol": "pow", "returns": "real", \#(xy)}"#,
            #"plugins.power.ffi.returns: unknown type "real" (use one of int8, int16, int32, int64, uint8, uint16, uint32, uint64, float, double, bool, string, void)"#
        ),
        (
            #"{\#(libmPow), "parameters": [{"name": "x", "type": "void"}]}"#,
            #"plugins.power.ffi.parameters[0].type: unknown type "void" (use one of int8, int16, int32, int64, uint8, uint16, uint32, uint64, float, double, bool, string)"#
        ),
        (
            #"{"library": "libnope.so.9", "symbol": "pow", "returns": "double", \#(xy)}"#,
            #"plugins.power.ffi.library: cannot open "libnope.so.9": libnope.so.9: cannot open shared object file: No such file or directory"#
        ),
        (
            #"{"library": "libm.so.6", "symbol": "powx", "returns": "double", \#(xy)}"#,
            #"plugins.power.ffi.symbol: symbol "powx" not found in "libm.so.6""#
        ),
        (#"{"symbol": "pow", "returns": "double"}"#, #"plugins.power.ffi.library: missing"#),
        (#"{"library": "libm.so.6", "returns": "double"}"#, #"plugins.power.ffi.symbol: missing"#),
        (#"{"library": "libm.so.6", "symbol": "pow"}"#, #"plugins.power.ffi.returns: missing"#),
        (
            #"{"library": 6, "symbol": "pow", "returns": "double"}"#,
            #"plugins.power.ffi.library: expected a string, got a number"#
        ),
        (
            #"{"library": "", "symbol": "pow", "returns": "double"}"#,
            #"plugins.power.ffi.library: must not be empty"#
        ),
        (#"[1]"#, #"plugins.power.ffi: expected an object, got an array"#),
        (#"{"library": "#, #"plugins.power.ffi: not valid JSON"#),
        (
            #"{\#(libmPow), "parameter": []}"#,
            #"plugins.power.ffi.parameter: unknown field (allowed: free, library, message, parameters, returns, symbol)"#
        ),
        (
            #"{\#(libmPow), "parameters": {"x": "double"}}"#,
            #"plugins.power.ffi.parameters: expected an array, got an object"#
        ),
        (
            #"{\#(libmPow), "parameters": ["double"]}"#,
            #"plugins.power.ffi.parameters[0]: expected an object, got a string"#
        ),
        (
            #"{\#(libmPow), "parameters": [{"type": "double"}]}"#,
            #"plugins.power.ffi.parameters[0].name: missing"#
        ),
        (
            #"{\#(libmPow), "parameters": [{"name": "x", "type": "double", "desc": "d"}]}"#,
            #"plugins.power.ffi.parameters[0].desc: unknown field (allowed: description, name, type)"#
        ),
        (
            #"{\#(libmPow), "parameters": [{"name": "x", "type": "double"}, {"name": "x", "type": "double"}]}"#,
            #"plugins.power.ffi.parameters[1].name: duplicate parameter "x""#
        ),
        (
            #"{\#(libmPow), "parameters": [{"name": "1x", "type": "double"}]}"#,
            #"plugins.power.ffi.parameters[0].name: "1x" must be letters, digits and _ (not starting with a digit), and not "result""#
        ),
        (
            #"{\#(libmPow), "free": "free", \#(xy)}"#,
            #"plugins.power.ffi.free: only allowed when returns is string"#
        ),
        (
            #"{"library": "libc.so.6", "symbol": "getenv", "returns": "string", "parameters": [{"name": "n", "type": "string"}]}"#,
            #"plugins.power.ffi.free: required when returns is string: a function name such as "free", or "none" for a static string"#
        ),
        (
            #"{"library": "libc.so.6", "symbol": "getenv", "returns": "string", "free": "release_it", "parameters": [{"name": "n", "type": "string"}]}"#,
            #"plugins.power.ffi.free: symbol "release_it" not found in "libc.so.6""#
        ),
        (
            #"{\#(libmPow), \#(xy), "message": "{x} ^ {z}"}"#,
            #"plugins.power.ffi.message: unknown placeholder {z} (use one of {x}, {y}, {result})"#
        ),
        (#"{\#(libmPow), \#(xy), "message": "{x"}"#, #"plugins.power.ffi.message: unclosed "{""#),
        (
            #"{\#(libmPow), \#(xy), "message": "x}"}"#,
            #"plugins.power.ffi.message: unmatched "}" (write }} for a literal brace)"#
        ),
    ])
    func refused(json: String, error: String) {
        #expect(FFITest.loadError(json) == error)
    }

    @Test func badToolName() {
        #expect(
            FFITest.loadError(
                #"{"library": "libm.so.6", "symbol": "pow", "returns": "double"}"#, name: "my power")
                == "plugins.my power: a tool name must be 1-64 letters, digits, _ or -")
    }

    @Test func decodableNamesTheCodingPath() throws {
        struct Config: Decodable {
            struct Entry: Decodable { var ffi: FFIDeclaration }
            var plugins: [String: Entry]
        }
        let bad =
            #"{"plugins": {"power": {"ffi": {\#(Self.libmPow.replacingOccurrences(of: "double", with: "doubel")), \#(Self.xy)}}}}"#
        do {
            _ = try JSONDecoder().decode(Config.self, from: Data(bad.utf8))
            Issue.record("decoded a bad declaration")
        } catch let error as FFIDeclarationError {
            #expect(error.field == "plugins.power.ffi.returns")
        }
        let good = bad.replacingOccurrences(of: "doubel", with: "double")
        let declaration = try #require(
            try JSONDecoder().decode(Config.self, from: Data(good.utf8)).plugins["power"]?.ffi)
        let power = try FFIFunction.load(entryName: "power", description: "p", declaration: declaration)
        #expect(power.call(argumentsJSON: #"{"x": 3, "y": 3}"#).output == #"{"result":27}"#)
    }
}
