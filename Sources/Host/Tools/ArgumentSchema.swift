import FunctionABI

/// A tool's `parameters` JSON Schema, compiled once when the tool is loaded, to check the
/// model's arguments before the tool runs (see `ArgumentSchema+Validation.swift`).
///
/// Checked: `type` (a name or an array of names; "integer" is a number without a fraction),
/// `properties`, `required`, `additionalProperties` (a boolean or a schema), `items` (one
/// schema), `enum`, `const`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (a
/// number, or draft 4's boolean), `minLength`, `maxLength`, `minItems`, `maxItems`, the boolean
/// schemas `true` and `false`, and OpenAPI's `"nullable": true` (null is allowed too).
/// Everything else (`pattern`, `format`, `anyOf`, ...) and keywords with a value of the wrong
/// kind are ignored, and so are a subschema holding `$ref` (draft 7 ignores the keywords next to
/// it) and `additionalProperties` next to `patternProperties`: a schema never refuses more than
/// it says. Subschemas deeper than `maxDepth` accept anything.
final class ArgumentSchema: Sendable {
    /// JSON's kinds as `type` names them.
    enum Kind: String, Sendable, CaseIterable {
        case null, boolean, integer, number, string, array, object
    }

    /// What `additionalProperties` allows for names `properties` does not list.
    enum Additional: Sendable {
        case any
        case none
        case schema(ArgumentSchema)
    }

    /// Deeper subschemas are not compiled: plugins' schemas are a few levels deep, and a
    /// hostile or broken one must not cost unbounded time or stack.
    static let maxDepth = 32

    /// `false` as a schema: nothing matches.
    let rejectsEverything: Bool
    let kinds: [Kind]?
    let properties: [(name: String, schema: ArgumentSchema)]
    let required: [String]
    let additional: Additional
    let items: ArgumentSchema?
    let allowed: [JSONValue]?
    let constant: JSONValue?
    let minimum: Double?
    let maximum: Double?
    let exclusiveMinimum: Double?
    let exclusiveMaximum: Double?
    let minLength: Int?
    let maxLength: Int?
    let minItems: Int?
    let maxItems: Int?

    /// Compiles schema text; text that is not JSON gives a schema that accepts anything (the
    /// loader refuses such plugins before this runs).
    convenience init(parsing text: String) {
        self.init((try? JSONValue.parse(text)) ?? .object([:]), depth: 0)
    }

    init(_ schema: JSONValue, depth: Int) {
        var keywords = depth < Self.maxDepth ? schema.objectValue ?? [:] : [:]
        if keywords["$ref"] != nil { keywords = [:] }
        rejectsEverything = schema == .bool(false)
        kinds = Self.kinds(keywords["type"]).map {
            keywords["nullable"] == true && !$0.contains(.null) ? $0 + [.null] : $0
        }
        properties = (keywords["properties"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map {
            (name: $0.key, schema: ArgumentSchema($0.value, depth: depth + 1))
        }
        required = keywords["required"]?.arrayValue?.compactMap(\.string) ?? []
        // patternProperties (not checked) would exempt names from additionalProperties.
        switch keywords["patternProperties"] == nil ? keywords["additionalProperties"] : nil {
        case .bool(false): additional = .none
        case .some(.object(let object)): additional = .schema(ArgumentSchema(.object(object), depth: depth + 1))
        default: additional = .any
        }
        items = keywords["items"].flatMap { $0.objectValue != nil || $0.boolValue != nil ? $0 : nil }
            .map { ArgumentSchema($0, depth: depth + 1) }
        allowed = keywords["enum"]?.arrayValue
        constant = keywords["const"]
        minimum = keywords["minimum"]?.number
        maximum = keywords["maximum"]?.number
        // Draft 4 wrote `"exclusiveMinimum": true` next to `minimum`; later drafts a number.
        exclusiveMinimum =
            keywords["exclusiveMinimum"]?.number ?? (keywords["exclusiveMinimum"] == true ? minimum : nil)
        exclusiveMaximum =
            keywords["exclusiveMaximum"]?.number ?? (keywords["exclusiveMaximum"] == true ? maximum : nil)
        minLength = keywords["minLength"]?.count
        maxLength = keywords["maxLength"]?.count
        minItems = keywords["minItems"]?.count
        maxItems = keywords["maxItems"]?.count
    }

    private static func kinds(_ type: JSONValue?) -> [Kind]? {
        switch type {
        case .string(let name): Kind(rawValue: name).map { [$0] }
        case .array(let names):
            // An unknown name is ignored; an array of only unknown names checks nothing.
            names.compactMap { $0.string.flatMap(Kind.init(rawValue:)) }.nilIfEmpty
        default: nil
        }
    }
}

extension JSONValue {
    /// A JSON number, and nil for every other kind (no conversions).
    fileprivate var number: Double? {
        if let value = doubleValue, value.isFinite { return value }
        return nil
    }

    /// A non-negative whole number, as the length and size keywords take.
    fileprivate var count: Int? {
        number.flatMap { $0 >= 0 ? Int(exactly: $0) : nil }
    }
}

extension Array {
    fileprivate var nilIfEmpty: Self? { isEmpty ? nil : self }
}
