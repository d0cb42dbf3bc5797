import Testing

@testable import AVRHost

/// The JSON Schema offered to the model for each kind of parameter.
@Suite struct FFISchemaTests {
    @Test func integerRangesBooleansAndStrings() throws {
        let function = try FFITest.load(
            "mixed",
            #"{"library": "$LIB", "symbol": "ffi_test_mixed", "returns": "double", "parameters": [{"name": "a", "type": "int8"}, {"name": "b", "type": "uint16"}, {"name": "c", "type": "float"}, {"name": "d", "type": "bool", "description": "flag"}, {"name": "e", "type": "int64"}, {"name": "f", "type": "string"}]}"#
        )
        let expected =
            #"{"type":"object","properties":{"a":{"type":"integer","minimum":-128,"maximum":127},"#
            + #""b":{"type":"integer","minimum":0,"maximum":65535},"c":{"type":"number"},"#
            + #""d":{"type":"boolean","description":"flag"},"#
            + #""e":{"type":"integer","minimum":-9223372036854775808,"maximum":9223372036854775807},"#
            + #""f":{"type":"string"}},"required":["a","b","c","d","e","f"],"additionalProperties":false}"#
        #expect(function.definition.parametersJSON == expected)
    }

    @Test func noParameters() throws {
        let function = try FFITest.testFunction(
            "ffi_test_greeting", returns: "string", parameters: [], free: "none")
        #expect(
            function.definition.parametersJSON
                == #"{"type":"object","properties":{},"required":[],"additionalProperties":false}"#)
    }
}
