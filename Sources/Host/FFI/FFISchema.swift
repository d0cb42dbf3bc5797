/// The JSON Schema offered to the model for an FFI declaration's parameters.
enum FFISchema {
    static func parameters(of declaration: FFIDeclaration) -> FFIJSON {
        .object([
            ("type", .string("object")),
            ("properties", .object(declaration.parameters.map { ($0.name, property($0)) })),
            ("required", .array(declaration.parameters.map { .string($0.name) })),
            ("additionalProperties", .bool(false)),
        ])
    }

    private static func property(_ parameter: FFIDeclaration.Parameter) -> FFIJSON {
        var members: [(key: String, value: FFIJSON)]
        switch parameter.type {
        case .float, .double: members = [("type", .string("number"))]
        case .bool: members = [("type", .string("boolean"))]
        case .string: members = [("type", .string("string"))]
        default:
            let range = parameter.type.integerRange ?? (0, 0)
            members = [
                ("type", .string("integer")), ("minimum", .integer(range.min)),
                ("maximum", .unsigned(range.max)),
            ]
        }
        if let description = parameter.description {
            members.append(("description", .string(description)))
        }
        return .object(members)
    }
}
