/// The spoken message of an FFI tool, e.g. `"{x} to the power {y} is {result}"`.
///
/// Placeholders are parameter names and `result`; `{{` and `}}` stand for literal braces.
/// Checked when the entry loads, so a typo never reaches a caller.
public struct FFIMessageTemplate: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case text(String)
        case value(String)
    }

    let parts: [Part]

    init(parsing template: String, names: [String], field: String) throws(FFIDeclarationError) {
        var parts: [Part] = []
        var text = ""
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            let following = next < template.endIndex ? template[next] : nil
            if (character == "{" || character == "}") && following == character {
                text.append(character)
                index = template.index(after: next)
            } else if character == "{" {
                guard let close = template[next...].firstIndex(of: "}") else {
                    throw FFIDeclarationError(field: field, reason: "unclosed \"{\"")
                }
                let name = String(template[next..<close])
                guard names.contains(name) else {
                    throw FFIDeclarationError(
                        field: field,
                        reason:
                            "unknown placeholder {\(name)} (use one of \(names.map { "{\($0)}" }.joined(separator: ", ")))"
                    )
                }
                if !text.isEmpty { parts.append(.text(text)) }
                text = ""
                parts.append(.value(name))
                index = template.index(after: close)
            } else if character == "}" {
                throw FFIDeclarationError(
                    field: field, reason: "unmatched \"}\" (write }} for a literal brace)")
            } else {
                text.append(character)
                index = next
            }
        }
        if !text.isEmpty { parts.append(.text(text)) }
        self.parts = parts
    }

    /// Fills the placeholders with the spoken form of each value.
    func render(_ values: [String: FFIValue]) -> String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .value(let name): values[name]?.spokenText ?? ""
            }
        }.joined()
    }
}
