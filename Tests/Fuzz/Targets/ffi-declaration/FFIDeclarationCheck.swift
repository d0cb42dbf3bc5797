import Foundation

/// The properties of an accepted declaration; the plugins-config target checks those it reads too.
func checkDeclaration(_ declaration: FFIDeclaration) {
    let text = declaration.json.jsonText
    let again = try? FFIDeclaration(json: Data(text.utf8), path: declaration.path)
    require(again == declaration, "\(text) read back as \(String(describing: again)), not \(declaration)")
    let names = declaration.parameters.map(\.name)
    require(Set(names).count == names.count, "duplicate parameter names \(names)")
    _ = FFISchema.parameters(of: declaration).jsonText
    if let message = declaration.message {
        let values = Dictionary(uniqueKeysWithValues: (names + ["result"]).map { ($0, FFIValue.double(.nan)) })
        _ = message.render(values)
    }
}
