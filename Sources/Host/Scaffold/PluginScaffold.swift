import Foundation

/// What `avr-host plugin new` writes: a buildable plugin project, in Swift or in C.
public struct PluginScaffold: Sendable {
    public enum Language: Sendable { case swift, c }

    public let files: [ScaffoldFile]

    /// `sdk` is the SDK folder the project builds against (see `PluginSDKLocation`).
    public init(name: PluginName, language: Language, sdk: String) {
        files =
            switch language {
            case .swift: SwiftPluginTemplate.files(name, sdk: sdk)
            case .c: CPluginTemplate.files(name, sdk: sdk)
            }
    }

    /// Writes every file under `directory` (created if needed), or none when any of them exists
    /// already: an author's edited file is never overwritten. Returns the paths written.
    public func write(into directory: String) throws(PluginScaffoldError) -> [String] {
        let paths = files.map { (directory as NSString).appendingPathComponent($0.path) }
        let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
        guard existing.isEmpty else { throw .existingFiles(existing) }
        for (file, path) in zip(files, paths) {
            do {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            } catch {
                throw .unwritable(path, "\(error.localizedDescription)")
            }
        }
        return paths
    }
}

/// One file of a new project, its path relative to the project's folder.
public struct ScaffoldFile: Sendable, Equatable {
    public var path: String
    public var contents: String
}

/// Why `plugin new` wrote nothing (or stopped).
public enum PluginScaffoldError: Error, Sendable, CustomStringConvertible {
    case existingFiles([String])
    case unwritable(String, String)

    public var description: String {
        switch self {
        case .existingFiles(let paths):
            "refusing to overwrite \(paths.joined(separator: ", ")); nothing was written: "
                + "choose another folder with --output, or move these files away"
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
