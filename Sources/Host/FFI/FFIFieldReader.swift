import FunctionABI

/// Reads the fields of one JSON object, each error naming `<path>.<field>`.
struct FFIFieldReader {
    let value: JSONValue
    let path: String

    func requireObject(allowed: Set<String>) throws(FFIDeclarationError) {
        guard case .object(let members) = value else {
            throw FFIDeclarationError(field: path, reason: "expected an object, got \(value.kindName)")
        }
        // A misspelt key would otherwise be ignored silently.
        if let unknown = members.map(\.key).first(where: { !allowed.contains($0) }) {
            throw FFIDeclarationError(
                field: "\(path).\(unknown)",
                reason: "unknown field (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func optionalString(_ key: String) throws(FFIDeclarationError) -> String? {
        switch value[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard !text.isEmpty else {
                throw FFIDeclarationError(field: "\(path).\(key)", reason: "must not be empty")
            }
            return text
        case let other?:
            throw FFIDeclarationError(
                field: "\(path).\(key)", reason: "expected a string, got \(other.kindName)")
        }
    }

    func string(_ key: String) throws(FFIDeclarationError) -> String {
        guard let text = try optionalString(key) else {
            throw FFIDeclarationError(field: "\(path).\(key)", reason: "missing")
        }
        return text
    }

    func type(_ key: String, allowVoid: Bool) throws(FFIDeclarationError) -> FFIType {
        let name = try string(key)
        guard let type = FFIType(rawValue: name), allowVoid || type != .void else {
            let names = allowVoid ? FFIType.returnNames : FFIType.parameterNames
            throw FFIDeclarationError(
                field: "\(path).\(key)", reason: "unknown type \"\(name)\" (use one of \(names))")
        }
        return type
    }

    /// The `parameters` array; absent means a function without parameters.
    func parameters() throws(FFIDeclarationError) -> [FFIDeclaration.Parameter] {
        let items: [JSONValue]
        switch value["parameters"] {
        case nil, .null?: return []
        case .array(let array)?: items = array
        case let other?:
            throw FFIDeclarationError(
                field: "\(path).parameters", reason: "expected an array, got \(other.kindName)")
        }
        var parameters: [FFIDeclaration.Parameter] = []
        for (index, item) in items.enumerated() {
            let reader = FFIFieldReader(value: item, path: "\(path).parameters[\(index)]")
            try reader.requireObject(allowed: ["name", "type", "description"])
            let name = try reader.string("name")
            guard Self.isIdentifier(name), name != "result" else {
                throw FFIDeclarationError(
                    field: "\(reader.path).name",
                    reason:
                        "\"\(name)\" must be letters, digits and _ (not starting with a digit), and not \"result\""
                )
            }
            guard !parameters.contains(where: { $0.name == name }) else {
                throw FFIDeclarationError(
                    field: "\(reader.path).name", reason: "duplicate parameter \"\(name)\"")
            }
            parameters.append(
                .init(
                    name: name, type: try reader.type("type", allowVoid: false),
                    description: try reader.optionalString("description")))
        }
        return parameters
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}
