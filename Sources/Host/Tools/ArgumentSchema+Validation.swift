import FunctionABI

/// Checking a value against a compiled schema, in words the model can act on:
/// `"reason" is required`, `"items[1].count" must be an integer`.
extension ArgumentSchema {
    /// Up to `limit` violations of `value`, in a stable order (properties by name), each a
    /// short sentence; empty when `value` matches.
    func violations(of value: JSONValue, limit: Int = 3) -> [String] {
        var found: [String] = []
        check(value, at: "", into: &found, limit: limit)
        return found
    }

    private func check(_ value: JSONValue, at path: String, into found: inout [String], limit: Int) {
        guard found.count < limit else { return }
        let subject = path.isEmpty ? "the arguments" : "\"\(path)\""
        if rejectsEverything {
            return found.append("\(subject) is not allowed")
        }
        if let kinds, !kinds.contains(where: { $0.matches(value) }) {
            return found.append("\(subject) must be \(Self.describe(kinds))")
        }
        if let constant, value != constant {
            return found.append("\(subject) must be \(constant.excerpt)")
        }
        if let allowed, !allowed.contains(value) {
            let listed = allowed.prefix(10).map(\.excerpt).joined(separator: ", ")
            return found.append("\(subject) must be one of \(listed)\(allowed.count > 10 ? ", ..." : "")")
        }
        switch value {
        case .integer, .unsigned, .number:
            if let number = value.doubleValue, let problem = boundsProblem(number) {
                found.append("\(subject) must be \(problem)")
            }
        case .string(let text):
            let length = text.unicodeScalars.count
            if let minLength, length < minLength {
                found.append("\(subject) must be at least \(Self.count(minLength, "character")) long")
            } else if let maxLength, length > maxLength {
                found.append("\(subject) must be at most \(Self.count(maxLength, "character")) long")
            }
        case .array(let elements):
            if let minItems, elements.count < minItems {
                return found.append("\(subject) must have at least \(Self.count(minItems, "item"))")
            }
            if let maxItems, elements.count > maxItems {
                return found.append("\(subject) must have at most \(Self.count(maxItems, "item"))")
            }
            guard let items else { return }
            for (index, element) in elements.enumerated() {
                items.check(element, at: "\(path)[\(index)]", into: &found, limit: limit)
            }
        case .object(let members):
            checkMembers(members, at: path, into: &found, limit: limit)
        case .null, .bool:
            break
        }
    }

    private func checkMembers(
        _ members: JSONObject, at path: String, into found: inout [String], limit: Int
    ) {
        func member(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
        for name in required where members[name] == nil && found.count < limit {
            found.append("\"\(member(name))\" is required")
        }
        for (name, schema) in properties {
            if let value = members[name] { schema.check(value, at: member(name), into: &found, limit: limit) }
        }
        let known = Set(properties.map(\.name))
        for name in members.keys.sorted() where !known.contains(name) && found.count < limit {
            switch additional {
            case .any: break
            case .none:
                let allowedNames = properties.isEmpty ? "" : " (allowed: \(known.sorted().joined(separator: ", ")))"
                found.append("\"\(member(name))\" is not allowed\(allowedNames)")
            case .schema(let schema): schema.check(members[name]!, at: member(name), into: &found, limit: limit)
            }
        }
    }

    private func boundsProblem(_ number: Double) -> String? {
        if let minimum, number < minimum { return "at least \(JSONValue.number(minimum).jsonText)" }
        if let exclusiveMinimum, number <= exclusiveMinimum {
            return "greater than \(JSONValue.number(exclusiveMinimum).jsonText)"
        }
        if let maximum, number > maximum { return "at most \(JSONValue.number(maximum).jsonText)" }
        if let exclusiveMaximum, number >= exclusiveMaximum {
            return "less than \(JSONValue.number(exclusiveMaximum).jsonText)"
        }
        return nil
    }

    /// "an integer", "a string or null", "a number, a string or null".
    private static func describe(_ kinds: [Kind]) -> String {
        let names = kinds.map(\.withArticle)
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    private static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

extension ArgumentSchema.Kind {
    func matches(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.number, .integer), (.number, .unsigned), (.number, .number),
            (.integer, .integer), (.integer, .unsigned), (.string, .string), (.array, .array), (.object, .object):
            true
        // JSON Schema counts 1.0 as an integer: what matters is the value, not how it was written.
        case (.integer, .number(let number)): number.isFinite && number.rounded(.towardZero) == number
        default: false
        }
    }

    var withArticle: String {
        switch self {
        case .null: "null"
        case .integer, .array, .object: "an \(rawValue)"
        case .boolean, .number, .string: "a \(rawValue)"
        }
    }
}

extension JSONValue {
    /// The value as JSON text, cut short: messages quote values, never dump them.
    fileprivate var excerpt: String {
        let text = jsonText
        return text.count <= 40 ? text : text.prefix(37) + "..."
    }
}
