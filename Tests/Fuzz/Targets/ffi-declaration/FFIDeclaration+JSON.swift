extension FFIDeclaration {
    /// The `ffi` object that declares this function, as an operator would write it.
    var json: FFIJSON {
        var members: [(key: String, value: FFIJSON)] = [
            ("library", .string(library)), ("symbol", .string(symbol)), ("returns", .string(returns.rawValue)),
        ]
        if returns == .string { members.append(("free", .string(free ?? "none"))) }
        let parameters = parameters.map { parameter in
            var fields: [(key: String, value: FFIJSON)] = [
                ("name", .string(parameter.name)), ("type", .string(parameter.type.rawValue)),
            ]
            if let description = parameter.description { fields.append(("description", .string(description))) }
            return FFIJSON.object(fields)
        }
        members.append(("parameters", .array(parameters)))
        if let message { members.append(("message", .string(message.template))) }
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
