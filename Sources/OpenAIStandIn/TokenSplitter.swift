/// Cuts text into token-sized pieces the way model output arrives: "Hello", ",", " how", " are".
enum TokenSplitter {
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for character in text {
            let startsNew =
                character.isWhitespace
                ? !(current.last?.isWhitespace ?? true)
                : (character.isPunctuation || current.last?.isPunctuation == true)
            if startsNew, !current.isEmpty {
                tokens.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Function-call arguments arrive in short fragments; at least two when there is anything to split.
    static func argumentChunks(_ arguments: String) -> [String] {
        guard arguments.count > 1 else { return [arguments] }
        let size = max(1, min(8, arguments.count / 2))
        var chunks: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let end =
                arguments.index(index, offsetBy: size, limitedBy: arguments.endIndex) ?? arguments.endIndex
            chunks.append(String(arguments[index..<end]))
            index = end
        }
        return chunks
    }
}
