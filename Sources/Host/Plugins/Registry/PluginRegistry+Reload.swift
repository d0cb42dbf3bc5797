import Foundation
import FunctionABI

extension PluginRegistry {
    /// Re-reads plugins.json and the plugin folders and swaps in a new generation. Blocking
    /// (file copies, dlopen, init): call it from a thread, not an event loop.
    @discardableResult
    public func reload() -> PluginReloadReport {
        let report = reloadLock.withLock { _ in performReload() }
        updateWatches()
        onReload(report)
        return report
    }

    private func performReload() -> PluginReloadReport {
        let config: PluginsConfig
        do {
            config = try PluginsConfig.load(path: configPath)
        } catch {
            logger.error("plugins.json refused, previous configuration stays active: \(error)")
            return state.withLock { state in
                state.configError = error.description
                return PluginReloadReport(
                    configAccepted: false, configError: error.description, generation: state.generation,
                    activeFunctions: state.active.keys.sorted(), problems: [error.description])
            }
        }
        createMissingDropInFolders(config.pluginDirectories)
        let previous = state.withLock { ($0.images, $0.active) }
        let plan = PluginFilePlan(
            config: config, builtinDirectories: builtinDirectories, active: previous.1)

        var images: [String: PluginImage] = [:]
        var fileErrors: [String: String] = [:]
        let previouslyRefused = state.withLock { $0.refusedFiles }
        var refusedFiles: [String: PluginRefusedFile] = [:]
        for file in plan.files {
            let old = previous.0[file]
            let key = PluginFileKey(path: file)
            if let old, key == old.key {
                images[file] = old
                continue
            }
            // Every attempt maps an image for good, so an unchanged refused file is not retried.
            if let refused = previouslyRefused[file], refused.key == key {
                refusedFiles[file] = refused
                fileErrors[file] = refused.error + " (unchanged since refused, not loaded again)"
                if let old { images[file] = old }
                continue
            }
            do {
                images[file] = try loader.load(path: file) { image, bytes in
                    state.withLock { $0.mapped.append((image, bytes)) }
                }
            } catch {
                fileErrors[file] = error.description
                if let key = error.key {
                    refusedFiles[file] = PluginRefusedFile(key: key, error: error.description)
                }
                if let old { images[file] = old }  // the old version keeps serving
            }
        }

        var draft = PluginGenerationDraft()
        addIsolatedEntries(of: config, plan: plan, previous: previous.1, to: &draft)
        for file in plan.files {
            guard let image = images[file] else { continue }
            for function in image.functions {
                let name = String(cString: function.pointee.name)
                let entry = config.plugins[name]
                if entry?.enabled == false {
                    if !draft.hasIssue(name) { draft.issue(name, kind: "plugin", file: file, status: "disabled") }
                    continue
                }
                // An "ffi" entry that served this name keeps it: a newcomer cannot take it over.
                if entry?.ffi != nil, let served = previous.1[name]?.ffi {
                    draft.issue(
                        name, kind: "plugin", file: file, status: "error",
                        error: PluginGenerationDraft.duplicateError(name, providedBy: "ffi \(served.file)"))
                    continue
                }
                if let duplicate = draft.duplicateError(name) {
                    draft.issue(name, kind: "plugin", file: file, status: "error", error: duplicate)
                    continue
                }
                if let error = fileErrors[file] { draft.refused[name] = error }
                let settings = entry?.settings ?? .object([:])
                let existing = previous.1[name]?.native
                if let existing, existing.image === image, existing.settings == settings {
                    draft.serve(.native(existing), from: file)
                    continue
                }
                do {
                    let loaded = try LoadedFunction(
                        image: image, function: function, settings: settings,
                        serviceContext: PluginHostServiceContext(
                            functionName: name, logger: logger, transport: transport,
                            hostSettings: hostSettings),
                        initTimeoutMs: entry?.initTimeoutMs ?? PluginsConfig.defaultInitTimeoutMs)
                    draft.serve(.native(loaded), from: file)
                    // Operators see which version of which file serves after every change.
                    logger.info(
                        "plugin \(existing == nil ? "loaded" : "reloaded"): \(name) \(image.version ?? "(no version)") from \(file)",
                        metadata: ["plugin": "\(name)"])
                } catch {
                    if let existing {
                        draft.serve(.native(existing), from: existing.image.sourcePath)
                        draft.refused[name] = error.description
                    } else {
                        draft.issue(name, kind: "plugin", file: file, status: "error", error: error.description)
                    }
                }
            }
        }
        for (file, error) in fileErrors where previous.0[file] == nil {
            draft.issue(
                plan.nameForFile[file] ?? (file as NSString).lastPathComponent, kind: "plugin", file: file,
                status: "error", error: error)
        }
        addFFIEntries(of: config, previous: previous.1, to: &draft)
        addMCPTools(of: config, previous: previous.1, to: &draft)
        for (name, entry) in config.plugins.sorted(by: { $0.key < $1.key })
        where entry.ffi == nil && entry.isolation == .inProcess {
            if !entry.enabled, !draft.hasIssue(name) {
                draft.issue(name, kind: "plugin", file: nil, status: "disabled")
            } else if entry.enabled, draft.active[name] == nil, !draft.hasIssue(name) {
                let file = plan.nameForFile.first { $0.value == name }?.key
                draft.issue(
                    name, kind: "plugin", file: file, status: "error", error: plan.missing(name, entry, in: file))
            }
        }
        let active = draft.active
        let catalog = PluginCatalog(
            functions: active.mapValues(\.function),
            timeouts: active.keys.reduce(into: [:]) {
                $0[$1] = Self.timeoutMs(of: $1, active[$1], in: config)
            },
            bulkheads: active.keys.reduce(into: [:]) {
                $0[$1] = bulkheads.bulkhead(for: $1, limit: Self.maxConcurrency(of: $1, active[$1], in: config))
            },
            hostedTools: hostedMCPTools(of: config), pool: pool)
        let problems =
            draft.issues.filter { $0.status == "error" }.map { "\($0.name): \($0.error ?? "")" }
            + draft.refused.sorted { $0.key < $1.key }.map { "\($0.key): new version refused: \($0.value)" }
        for problem in problems { logger.warning("plugin refused: \(problem)") }
        return state.withLock { state in
            state.config = config
            state.configError = nil
            state.generation += 1
            state.images = images
            state.refusedFiles = refusedFiles
            state.active = active
            state.refusedUpdates = draft.refused
            state.issues = draft.issues
            state.catalog = catalog
            return PluginReloadReport(
                configAccepted: true, configError: nil, generation: state.generation,
                activeFunctions: active.keys.sorted(), problems: problems)
        }
    }
}

/// Which plugin files a config asks for, in a stable order.
struct PluginFilePlan {
    var files: [String] = []
    /// For files found by a configured name: that name (to report a failure under it).
    var nameForFile: [String: String] = [:]
    /// The files of isolated entries, by name: never loaded in the host.
    var isolatedFiles: [String: String] = [:]
    var searchDirectories: [String]

    init(
        config: PluginsConfig, builtinDirectories: [String], active: [String: ServedFunction]
    ) {
        searchDirectories = builtinDirectories + config.pluginDirectories
        var found: [String] = []
        for (name, entry) in config.plugins.sorted(by: { $0.key < $1.key })
        where entry.enabled && entry.ffi == nil {
            let candidates =
                entry.path.map { [$0] }
                ?? searchDirectories.map { ($0 as NSString).appendingPathComponent("lib\(name).so") }
            guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else { continue }
            if entry.isolation == .inProcess {
                found.append(file)
                nameForFile[file] = name
            } else {
                isolatedFiles[name] = file
            }
        }
        for directory in config.pluginDirectories {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            found += names.filter { $0.hasSuffix(".so") }.sorted().map {
                (directory as NSString).appendingPathComponent($0)
            }
        }
        // Files that serve now go first, so a newcomer cannot take over a name by duplicating it.
        let serving = Set(active.values.compactMap { $0.native?.image.sourcePath })
        var seen = Set(isolatedFiles.values)
        let unique = found.filter { seen.insert($0).inserted }
        files = unique.filter { serving.contains($0) } + unique.filter { !serving.contains($0) }
    }

    /// Why an enabled entry serves nothing: no file, or a file (`found`) without its function.
    func missing(_ name: String, _ entry: PluginEntry, in found: String?) -> String {
        if let found { return "plugin file \(found) offers no function \(name)" }
        if let path = entry.path { return "plugin file \(path) not found" }
        return "plugin file lib\(name).so not found in \(searchDirectories.joined(separator: ", "))"
    }
}

extension PluginRegistry {
    /// A `plugin_dirs` folder that does not exist yet is created, so the watcher watches it from
    /// the start and a plugin dropped in later is picked up without a restart.
    fileprivate func createMissingDropInFolders(_ folders: [String]) {
        for folder in folders where !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                logger.info("created the drop-in plugin folder \(folder)")
            } catch {
                logger.warning("cannot create the drop-in plugin folder \(folder): \(error.localizedDescription)")
            }
        }
    }
}
