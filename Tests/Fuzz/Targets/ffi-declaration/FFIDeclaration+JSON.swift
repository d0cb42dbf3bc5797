import FunctionABI

extension FFIDeclaration {
    /// The `ffi` object that declares this function, as an operator would write it.
    var json: JSONValue {
        var members: JSONObject = [
            "library": .string(library), "symbol": .string(symbol), "returns": .string(returns.rawValue),
        ]
        if returns == .string { members["free"] = .string(free ?? "none") }
        let parameters = parameters.map { parameter in
            var fields: JSONObject = ["name": .string(parameter.name), "type": .string(parameter.type.rawValue)]
            if let description = parameter.description { fields["description"] = .string(description) }
            return JSONValue.object(fields)
        }
        members["parameters"] = .array(parameters)
        if let message { members["message"] = .string(message.template) }
        return .object(members)
    }
}

extension FFIMessageTemplate {
    /// The template text: literal braces doubled, placeholders in braces.
    var template: String {
        parts.map { part in
            switch part {
            case .text(let text): text.replacingBraces()
            case .value(let name): "{\(name)}"
            }
        }.joined()
    }
}

extension String {
    fileprivate func replacingBraces() -> String {
        var escaped = ""
        for character in self {
            if character == "{" || character == "}" { escaped.append(character) }
            escaped.append(character)
        }
        return escaped
    }
}
