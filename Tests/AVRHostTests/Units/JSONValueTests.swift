import FunctionABI
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test("numbers too large for an integer convert without trapping", arguments: [1e20, -1e30, 9.3e18, .infinity])
    func hugeNumbers(value: Double) throws {
        let json = JSONValue.number(value)
        #expect(json.intValue == nil)
        #expect(json.stringValue == String(value))
        let text = JSONValue.array([json]).jsonText
        if value.isFinite {
            #expect(try JSONValue.parse(text) == [json])
        } else {
            #expect(text == "[null]")
        }
    }

    @Test("integers are written without a fraction; fractions keep theirs")
    func integers() throws {
        #expect(JSONValue.number(600).jsonText == "600")
        #expect(JSONValue.number(600).stringValue == "600")
        #expect(JSONValue.number(-2).intValue == -2)
        #expect(JSONValue.number(1.5).jsonText == "1.5")
        #expect(JSONValue.number(1.5).intValue == nil)
    }

    @Test("text round-trips through the writer, escapes included")
    func roundTrip() throws {
        let value: JSONValue = [
            "text": "quote \" backslash \\ newline \n tab \t control \u{1} emoji 👋 separator \u{2028}",
            "list": [true, false, nil, 3, 2.25], "empty": [:],
        ]
        #expect(try JSONValue.parse(value.jsonText) == value)
    }

    @Test("strict string access does not convert; lenient access does")
    func stringAccess() {
        #expect(JSONValue.number(5).string == nil)
        #expect(JSONValue.number(5).stringValue == "5")
        #expect(JSONValue.bool(true).string == nil)
        #expect(JSONValue.string("x").string == "x")
    }
}

@Suite("JSONValue: exact integers and member order")
struct JSONValueExactnessTests {
    @Test(
        "64-bit integers round-trip exactly",
        arguments: ["-9223372036854775808", "18446744073709551615", "9007199254740993", "-1", "0"])
    func exactIntegers(text: String) throws {
        #expect(try JSONValue.parse("[\(text)]").jsonText == "[\(text)]")
    }

    @Test("integers and fractions are distinct cases; numbers compare by value")
    func numberCases() throws {
        #expect(try JSONValue.parse("-9223372036854775808") == .integer(.min))
        #expect(try JSONValue.parse("18446744073709551615") == .unsigned(.max))
        #expect(try JSONValue.parse("9007199254740993") == .integer(9_007_199_254_740_993))
        #expect(try JSONValue.parse("9007199254740993") != .number(9_007_199_254_740_992))
        guard case .number(1.5) = try JSONValue.parse("1.5") else { Issue.record("1.5 is not .number"); return }
        guard case .integer(1) = try JSONValue.parse("1") else { Issue.record("1 is not .integer"); return }
        #expect(try JSONValue.parse("1.0") == 1)
        #expect(JSONValue.unsigned(5) == .integer(5))
        #expect(JSONValue.unsigned(5).hashValue == JSONValue.number(5).hashValue)
    }

    @Test("members keep the parsed order through parse and text")
    func parsedOrder() throws {
        let text = #"{"zeta":1,"alpha":{"b":true,"a":null},"mid":[{"y":1.5,"x":"2"}]}"#
        #expect(try JSONValue.parse(text).jsonText == text)
    }

    @Test("members keep the order they were built in; a replaced key keeps its place")
    func builtOrder() {
        var object: JSONObject = ["b": 1, "a": 2]
        object["c"] = 3
        object["b"] = 4
        object["a"] = nil
        #expect(JSONValue.object(object).jsonText == #"{"b":4,"c":3}"#)
        #expect(object.keys == ["b", "c"])
        #expect(object.mapValues { _ in .null }.keys == ["b", "c"])
    }

    @Test("equality and hashing ignore member order")
    func unorderedEquality() throws {
        let left = try JSONValue.parse(#"{"a":1,"b":[1,2]}"#)
        let right = try JSONValue.parse(#"{"b":[1,2],"a":1.0}"#)
        #expect(left == right)
        #expect(Set([left, right]).count == 1)
        #expect(try left != JSONValue.parse(#"{"a":1,"b":[2,1]}"#))
        #expect(try left != JSONValue.parse(#"{"a":1}"#))
    }

    @Test("invalid text is refused with the reason and the byte")
    func errors() {
        let misplaced = #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(#"{"a":1 "b":2}"#) }
        #expect(misplaced?.description == "expected ',' or '}' at byte 7")
        let padded = #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse("01") }
        #expect(padded?.description == "a number must not start with 0 at byte 0")
        let deepest =
            String(repeating: "[", count: JSONValue.maxDepth) + String(repeating: "]", count: JSONValue.maxDepth)
        #expect(throws: Never.self) { try JSONValue.parse(deepest) }
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse("[" + deepest + "]") }
    }
}
