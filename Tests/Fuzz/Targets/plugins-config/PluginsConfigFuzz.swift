import Foundation
import FunctionABI

/// Fuzzes `PluginsConfig.parse`, which reads the operator's plugins.json on every (re)load, and
/// the `ffi` declarations of its entries as the registry reads them.
///
/// Properties: every path of an accepted config is absolute and every limit within its range;
/// the config written back as JSON, read from another folder, is the same config.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPluginsConfig(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let text = String(decoding: fuzzInput(start, count), as: UTF8.self)
    guard let config = try? PluginsConfig.parse(text, baseDirectory: "/etc/avr-host") else { return 0 }
    checkBounds(config)
    // Every path is absolute by now, so reading the config from another folder changes nothing.
    var again = try? PluginsConfig.parse(config.json.jsonText, baseDirectory: "/srv/elsewhere")
    again?.baseDirectory = config.baseDirectory
    again?.mcpServers = config.mcpServers  // not written back (see `json`)
    require(again == config, "\(config.json.jsonText) read back as \(String(describing: again)), not \(config)")
    for (name, entry) in config.plugins {
        guard let ffi = entry.ffi,
            let declaration = try? FFIDeclaration(json: Data(ffi.jsonText.utf8), path: "plugins.\(name).ffi")
        else { continue }
        checkDeclaration(declaration)
    }
    return 0
}

private func checkBounds(_ config: PluginsConfig) {
    for directory in config.pluginDirectories {
        require(directory.hasPrefix("/"), "plugin folder \(directory) is not absolute")
    }
    for (name, entry) in config.plugins {
        require(PluginValidation.isValidFunctionName(name), "function name \(name.debugDescription)")
        require(entry.path?.hasPrefix("/") ?? true, "\(name): path \(entry.path ?? "") is not absolute")
        require((1...600_000).contains(entry.timeoutMs), "\(name): timeout \(entry.timeoutMs)")
        require((1...PluginsConfig.maxConcurrencyLimit).contains(entry.maxConcurrency), "\(name): concurrency")
        require(entry.path == nil || entry.ffi == nil, "\(name) has both a path and an ffi object")
    }
}
