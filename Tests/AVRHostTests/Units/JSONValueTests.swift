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
