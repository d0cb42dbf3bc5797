import Foundation

/// Finds the plugin SDK (the `SDK/` folder of an avr-host checkout or tarball) for `plugin new`.
public enum PluginSDKLocation {
    /// What makes a folder the SDK.
    static let marker = "Sources/CAVRFunctionABI/include/avr_function_abi.h"

    /// `explicit` (relative to the working folder) when given; otherwise the first `SDK/` in the
    /// executable's folder or one above it: a checkout's `.build/<triple>/debug/avr-host`, or the
    /// tarball's `avr-host/avr-host`. The result is absolute.
    public static func find(explicit: String?, executableDirectory: String) throws(PluginSDKError) -> String {
        if let explicit {
            let path = PluginsConfig.absolute(explicit, base: FileManager.default.currentDirectoryPath)
            guard isSDK(path) else { throw .notAnSDK(path) }
            return path
        }
        var folder = (executableDirectory as NSString).standardizingPath
        while true {
            let candidate = (folder as NSString).appendingPathComponent("SDK")
            if isSDK(candidate) { return candidate }
            let parent = (folder as NSString).deletingLastPathComponent
            guard parent != folder, !parent.isEmpty else { throw .notFound(executableDirectory) }
            folder = parent
        }
    }

    static func isSDK(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(marker))
    }
}

public enum PluginSDKError: Error, Sendable, CustomStringConvertible {
    case notAnSDK(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .notAnSDK(let path):
            "--sdk \(path) is not the plugin SDK (no \(PluginSDKLocation.marker) in it): "
                + "give the SDK folder of an avr-host checkout"
        case .notFound(let start):
            "no plugin SDK found in \(start) or the folders above it: "
                + "pass --sdk /path/to/avr-host/SDK (the SDK folder of an avr-host checkout)"
        }
    }
}
