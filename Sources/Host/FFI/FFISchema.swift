import FunctionABI

/// The JSON Schema offered to the model for an FFI declaration's parameters.
enum FFISchema {
    static func parameters(of declaration: FFIDeclaration) -> JSONValue {
        [
            "type": "object",
            "properties": .object(JSONObject(declaration.parameters.map { ($0.name, property($0)) })),
            "required": .array(declaration.parameters.map { .string($0.name) }),
            "additionalProperties": false,
        ]
    }

    private static func property(_ parameter: FFIDeclaration.Parameter) -> JSONValue {
        var members: JSONObject
        switch parameter.type {
        case .float, .double: members = ["type": "number"]
        case .bool: members = ["type": "boolean"]
        case .string: members = ["type": "string"]
        default:
            let range = parameter.type.integerRange ?? (0, 0)
            members = ["type": "integer", "minimum": .integer(range.min), "maximum": .unsigned(range.max)]
        }
        if let description = parameter.description {
            members["description"] = .string(description)
        }
        return .object(members)
    }
}
