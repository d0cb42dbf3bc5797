import FunctionABI
import Testing

@testable import AVRHost

/// The check of the model's arguments against a tool's declared schema.
@Suite("Argument schema")
struct ArgumentSchemaTests {
    static let schema = #"""
        {"type": "object",
         "properties": {
           "reason": {"type": "string", "minLength": 2, "maxLength": 5},
           "count": {"type": "integer", "minimum": 1, "maximum": 10},
           "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
           "mode": {"enum": ["fast", "slow"]},
           "kind": {"const": "call"},
           "note": {"type": ["string", "null"]},
           "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
           "address": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
                       "additionalProperties": false},
           "extra": {"type": "object", "additionalProperties": {"type": "boolean"}},
           "legacy": {"type": "number", "minimum": 0, "exclusiveMinimum": true},
           "code": {"type": "string", "pattern": "^[0-9]+$", "format": "uuid"}
         },
         "required": ["reason"],
         "additionalProperties": false}
        """#

    func violations(_ arguments: String, schema: String = Self.schema) throws -> [String] {
        ArgumentSchema(parsing: schema).violations(of: try JSONValue.parse(arguments))
    }

    @Test(
        "matching arguments pass",
        arguments: [
            #"{"reason": "ok"}"#,
            #"{"reason": "ok", "count": 1, "ratio": 0.5, "mode": "slow", "kind": "call", "note": null}"#,
            #"{"reason": "ok", "count": 10.0, "tags": ["a", "b"], "address": {"city": "Oslo"}}"#,
            #"{"reason": "ok", "extra": {"a": true}, "legacy": 0.1, "code": "not digits (pattern is skipped)"}"#,
            #"{"reason": "ééééé"}"#,
        ])
    func matches(arguments: String) throws {
        #expect(try violations(arguments) == [])
    }

    @Test(
        "each violation is named in a short sentence",
        arguments: [
            (#"{}"#, #""reason" is required"#),
            (#"{"reason": 5}"#, #""reason" must be a string"#),
            (#"{"reason": "x"}"#, #""reason" must be at least 2 characters long"#),
            (#"{"reason": "toolong"}"#, #""reason" must be at most 5 characters long"#),
            (#"{"reason": "ok", "count": "3"}"#, #""count" must be an integer"#),
            (#"{"reason": "ok", "count": 2.5}"#, #""count" must be an integer"#),
            (#"{"reason": "ok", "count": 0}"#, #""count" must be at least 1"#),
            (#"{"reason": "ok", "count": 11}"#, #""count" must be at most 10"#),
            (#"{"reason": "ok", "ratio": 0}"#, #""ratio" must be greater than 0"#),
            (#"{"reason": "ok", "ratio": 1}"#, #""ratio" must be less than 1"#),
            (#"{"reason": "ok", "ratio": true}"#, #""ratio" must be a number"#),
            (#"{"reason": "ok", "mode": "medium"}"#, #""mode" must be one of "fast", "slow""#),
            (#"{"reason": "ok", "kind": "text"}"#, #""kind" must be "call""#),
            (#"{"reason": "ok", "note": 3}"#, #""note" must be a string or null"#),
            (#"{"reason": "ok", "tags": []}"#, #""tags" must have at least 1 item"#),
            (#"{"reason": "ok", "tags": ["a", "b", "c"]}"#, #""tags" must have at most 2 items"#),
            (#"{"reason": "ok", "tags": ["a", 2]}"#, #""tags[1]" must be a string"#),
            (#"{"reason": "ok", "address": {}}"#, #""address.city" is required"#),
            (
                #"{"reason": "ok", "address": {"city": "Oslo", "zip": 1}}"#,
                #""address.zip" is not allowed (allowed: city)"#
            ),
            (#"{"reason": "ok", "extra": {"a": 1}}"#, #""extra.a" must be a boolean"#),
            (#"{"reason": "ok", "legacy": 0}"#, #""legacy" must be greater than 0"#),
            (
                #"{"reason": "ok", "colour": "red"}"#,
                #""colour" is not allowed (allowed: address, code, count, extra, kind, legacy, mode, note, ratio, reason, tags)"#
            ),
        ])
    func violation(arguments: String, expected: String) throws {
        #expect(try violations(arguments) == [expected])
    }

    @Test("several violations are reported, at most three, in a stable order")
    func several() throws {
        #expect(
            try violations(#"{"count": "x", "mode": 1, "tags": 2, "zzz": 1}"#) == [
                #""reason" is required"#, #""count" must be an integer"#, #""mode" must be one of "fast", "slow""#,
            ])
    }

    @Test("the root's type is checked, and boolean schemas are understood")
    func rootAndBooleans() throws {
        #expect(try violations(#"[1]"#) == ["the arguments must be an object"])
        let booleans = #"{"properties": {"never": false, "always": true}, "additionalProperties": false}"#
        #expect(try violations(#"{"always": [1, {"x": null}]}"#, schema: booleans) == [])
        #expect(try violations(#"{"never": 1}"#, schema: booleans) == [#""never" is not allowed"#])
    }

    @Test(
        "unknown keywords, keywords of the wrong kind and schemas that are not JSON check nothing",
        arguments: [
            #"{"type": "whatever", "required": "reason", "minimum": "1", "anyOf": [{"type": "string"}]}"#,
            ##"{"properties": {"x": {"$ref": "#/definitions/x"}}, "items": [{"type": "string"}]}"##,
            #"not json"#,
        ])
    func ignored(schema: String) throws {
        #expect(try violations(#"{"x": 1, "y": [2]}"#, schema: schema) == [])
    }

    @Test("keywords that would exempt a value from the checked ones switch those off")
    func lenient() throws {
        let patterns = #"{"properties": {"a": {}}, "patternProperties": {"^x_": {}}, "additionalProperties": false}"#
        #expect(try violations(#"{"a": 1, "x_b": 2}"#, schema: patterns) == [])
        let reference = ##"{"properties": {"a": {"$ref": "#/$defs/a", "type": "string"}}}"##
        #expect(try violations(#"{"a": 1}"#, schema: reference) == [])
        let nullable = #"{"properties": {"a": {"type": "string", "nullable": true}}}"#
        #expect(try violations(#"{"a": null}"#, schema: nullable) == [])
        #expect(try violations(#"{"a": 1}"#, schema: nullable) == [#""a" must be a string or null"#])
    }

    @Test("a schema nested deeper than the bound accepts anything below it")
    func boundedDepth() throws {
        let depth = ArgumentSchema.maxDepth + 5
        let schema =
            String(repeating: #"{"type": "object", "properties": {"a": "#, count: depth) + #"{"type": "string"}"#
            + String(repeating: "}}", count: depth)
        let value = String(repeating: #"{"a": "#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(try violations(value, schema: schema) == [])
        #expect(try violations(#"{"a": 1}"#, schema: schema) == [#""a" must be an object"#])
    }

    @Test("a long value is quoted in part, never dumped")
    func excerpts() throws {
        let long = String(repeating: "x", count: 100)
        let schema = #"{"properties": {"k": {"const": "\#(long)"}}}"#
        let message = try #require(try violations(#"{"k": 1}"#, schema: schema).first)
        #expect(message.count < 70)
        #expect(message.hasSuffix(#"..."#))
    }

    @Test("a tool definition compiles its schema once and explains refused arguments")
    func definition() {
        let tool = ToolDefinition(name: "t", description: "", parametersJSON: Self.schema)
        #expect(tool.argumentsProblem(#"{"reason": "ok"}"#) == nil)
        #expect(tool.argumentsProblem("{}") == #"arguments do not match the schema: "reason" is required"#)
        #expect(tool.argumentsProblem("[]") == "The arguments for t must be a JSON object.")
        #expect(tool.argumentsProblem("{nope") == "The arguments for t must be a JSON object.")
        var changed = tool
        changed.parametersJSON = "{}"
        #expect(changed.argumentsProblem("{}") == nil)
        #expect(changed != tool)
    }
}
