import Foundation
import Testing

@testable import AVRHost

/// libm through the bridge: the issue's `power` example end to end.
@Suite struct FFIMathTests {
    static let powerJSON = """
        {
          "library": "libm.so.6",
          "symbol": "pow",
          "returns": "double",
          "parameters": [
            {"name": "x", "type": "double", "description": "base"},
            {"name": "y", "type": "double", "description": "exponent"}
          ],
          "message": "{x} to the power {y} is {result}"
        }
        """

    @Test func powerCallsPow() throws {
        let power = try FFITest.load("power", Self.powerJSON, description: "Raise x to the power y.")
        let result = power.call(argumentsJSON: #"{"x": 2, "y": 10}"#)
        #expect(result.succeeded)
        #expect(result.output == #"{"result":1024}"#)
        #expect(result.spokenMessage == "2 to the power 10 is 1024")
        #expect(power.call(argumentsJSON: #"{"x": 2.5, "y": -1}"#).output == #"{"result":0.4}"#)
    }

    @Test func powerSchemaIsExact() throws {
        let power = try FFITest.load("power", Self.powerJSON, description: "Raise x to the power y.")
        #expect(power.definition.name == "power")
        #expect(power.definition.description == "Raise x to the power y.")
        #expect(
            power.definition.parametersJSON
                == #"{"type":"object","properties":{"x":{"type":"number","description":"base"},"y":{"type":"number","description":"exponent"}},"required":["x","y"],"additionalProperties":false}"#
        )
    }

    @Test func hypotAndSilentByDefault() throws {
        let hypot = try FFITest.load(
            "hypot",
            #"{"library": "libm.so.6", "symbol": "hypot", "returns": "double", "parameters": [{"name": "a", "type": "double"}, {"name": "b", "type": "double"}]}"#
        )
        let result = hypot.call(argumentsJSON: #"{"a": 3, "b": 4}"#)
        #expect(result.output == #"{"result":5}"#)
        #expect(result.spokenMessage == nil)
        #expect(
            result.outcome == ToolOutcome(succeeded: true, spokenMessage: nil, output: #"{"result":5}"#))
    }

    @Test func nonFiniteResultsStayValidJSON() throws {
        let power = try FFITest.load("power", Self.powerJSON)
        let infinite = power.call(argumentsJSON: #"{"x": 0, "y": -1}"#)
        #expect(infinite.succeeded)
        #expect(infinite.output == #"{"result":null,"nonFinite":"Infinity"}"#)
        #expect(infinite.spokenMessage == "0 to the power -1 is infinity")
        let nan = try FFITest.testFunction("ffi_test_nan", returns: "double", parameters: [])
        #expect(nan.call(argumentsJSON: "{}").output == #"{"result":null,"nonFinite":"NaN"}"#)
        let inf = try FFITest.testFunction("ffi_test_inf_float", returns: "float", parameters: [])
        #expect(inf.call(argumentsJSON: "{}").output == #"{"result":null,"nonFinite":"Infinity"}"#)
        for output in [infinite.output, nan.call(argumentsJSON: "{}").output] {
            #expect((try? JSONSerialization.jsonObject(with: Data(output.utf8))) != nil)
        }
    }

    @Test func templateEscapesBraces() throws {
        let json = Self.powerJSON.replacingOccurrences(
            of: "{x} to the power {y} is {result}", with: "{{x}} = {x}, {{result}} = {result}")
        let power = try FFITest.load("power", json)
        #expect(
            power.call(argumentsJSON: #"{"x": 3, "y": 2}"#).spokenMessage == "{x} = 3, {result} = 9")
    }

    @Test func failedCallIsSilent() throws {
        let power = try FFITest.load("power", Self.powerJSON)
        let result = power.call(argumentsJSON: #"{"x": 2}"#)
        #expect(
            result.outcome
                == ToolOutcome(
                    succeeded: false, spokenMessage: nil, output: #"{"error":"missing argument \"y\""}"#))
    }
}
