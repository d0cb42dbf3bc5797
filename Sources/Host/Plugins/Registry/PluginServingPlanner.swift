import Foundation

/// The second phase of a reload: what serves each name, decided from the config, the files the
/// first phase loaded, what serves now, the tools MCP servers offer and the outcomes of the
/// claims carried out so far. Pure; the registry plans, carries out the pending claims, and
/// plans again until none is pending.
///
/// First come, first served, in this order: isolated entries, the functions of plugin files
/// (files serving now first), `"ffi"` entries, MCP tools. A claim that fails leaves its name to
/// what served it before, or else to the claims after it.
struct PluginServingPlanner: Sendable {
    var config: PluginsConfig
    var files: PluginFilePlan
    var loaded: PluginFileResults
    var current: PluginCurrentGeneration
    var disk: PluginDiskSnapshot
    var mcpOffers: [PluginMCPOffer] = []

    func plan(outcomes: [PluginClaim: PluginClaimOutcome] = [:]) -> PluginServingPlan {
        var plan = PluginServingPlan()
        addIsolatedEntries(to: &plan, outcomes)
        addPluginFunctions(to: &plan, outcomes)
        addRefusedFiles(to: &plan)
        addFFIEntries(to: &plan, outcomes)
        addMCPOffers(to: &plan)
        addMissingPlugins(to: &plan)
        return plan
    }

    /// What an isolated entry's runner is built from: an equal source keeps the runner.
    func isolatedSource(of name: String, file: String) -> IsolatedSource? {
        guard let entry = config.plugins[name] else { return nil }
        return IsolatedSource(entry: entry, file: file, key: entry.ffi == nil ? disk.keys[file] : nil)
    }

    /// Entries with `"isolation": "process"` come first, so an in-process newcomer cannot take
    /// their names. An unchanged one (same entry, same file) keeps its runner.
    private func addIsolatedEntries(to plan: inout PluginServingPlan, _ outcomes: [PluginClaim: PluginClaimOutcome]) {
        for (name, entry) in config.plugins.sorted(by: { $0.key < $1.key }) {
            guard case .process = entry.isolation else { continue }
            let kind = entry.ffi == nil ? "plugin" : "ffi"
            guard entry.enabled else {
                if !plan.hasIssue(name) { plan.issue(name, kind: kind, file: nil, status: "disabled") }
                continue
            }
            let file = entry.ffi.map { FFIToolFactory.file(of: $0) ?? "ffi" } ?? files.isolatedFiles[name]
            guard let file else {
                plan.issue(
                    name, kind: kind, file: nil, status: "error",
                    error: "plugin file lib\(name).so not found in \(files.searchDirectories.joined(separator: ", "))")
                continue
            }
            let old = current.functions[name]
            if case .isolated(let source)? = old?.kind, source == isolatedSource(of: name, file: file) {
                plan.serve(name, .current, provider: "runner \(file)")
                continue
            }
            let claim = PluginClaim(kind: .isolated, name: name, file: file)
            plan.resolve(claim, outcomes[claim], kind: kind, issueFile: file, fallback: old?.file)
        }
    }

    /// The functions of the in-process plugin files. A function unchanged (same image, same
    /// settings) keeps its instance; any other is initialised.
    private func addPluginFunctions(to plan: inout PluginServingPlan, _ outcomes: [PluginClaim: PluginClaimOutcome]) {
        for file in files.files {
            guard let image = loaded.files[file] else { continue }
            for name in image.functions {
                let entry = config.plugins[name]
                if entry?.enabled == false {
                    if !plan.hasIssue(name) { plan.issue(name, kind: "plugin", file: file, status: "disabled") }
                    continue
                }
                let old = current.functions[name]
                // An "ffi" entry that served this name keeps it: a newcomer cannot take it over.
                if entry?.ffi != nil, let old, old.kind == .ffi {
                    plan.issue(
                        name, kind: "plugin", file: file, status: "error",
                        error: PluginServingPlan.duplicateError(name, providedBy: "ffi \(old.file)"))
                    continue
                }
                if let duplicate = plan.duplicateError(name) {
                    plan.issue(name, kind: "plugin", file: file, status: "error", error: duplicate)
                    continue
                }
                if let error = loaded.errors[file] { plan.refused[name] = error }
                let settings = entry?.settings ?? .object([:])
                guard case .native(let oldImage, let oldSettings)? = old?.kind else {
                    let claim = PluginClaim(kind: .native, name: name, file: file)
                    plan.resolve(claim, outcomes[claim], kind: "plugin", issueFile: file, fallback: nil)
                    continue
                }
                if oldImage == image.image, oldSettings == settings {
                    plan.serve(name, .current, provider: file)
                } else {
                    let claim = PluginClaim(kind: .native, name: name, file: file)
                    plan.resolve(claim, outcomes[claim], kind: "plugin", issueFile: file, fallback: old?.file)
                }
            }
        }
    }

    /// A file refused before it ever loaded names no functions: its row is the file's, under
    /// the entry's name when an entry found it.
    private func addRefusedFiles(to plan: inout PluginServingPlan) {
        for file in files.files where current.files[file] == nil {
            guard let error = loaded.errors[file] else { continue }
            plan.issue(
                files.nameForFile[file] ?? (file as NSString).lastPathComponent, kind: "plugin", file: file,
                status: "error", error: error)
        }
    }

    /// `"ffi"` entries come after the plugin files: a name a plugin function took is refused as
    /// a duplicate, and a broken new declaration of a name that served leaves the old one on.
    private func addFFIEntries(to plan: inout PluginServingPlan, _ outcomes: [PluginClaim: PluginClaimOutcome]) {
        for (name, entry) in config.plugins.sorted(by: { $0.key < $1.key }) {
            guard let ffi = entry.ffi, entry.isolation == .inProcess else { continue }
            let file = FFIToolFactory.file(of: ffi)
            guard entry.enabled else {
                if !plan.hasIssue(name) { plan.issue(name, kind: "ffi", file: file, status: "disabled") }
                continue
            }
            if let duplicate = plan.duplicateError(name) {
                plan.issue(name, kind: "ffi", file: file, status: "error", error: duplicate)
                continue
            }
            let old = current.functions[name].flatMap { $0.kind == .ffi ? "ffi \($0.file)" : nil }
            let claim = PluginClaim(kind: .ffi, name: name, file: file)
            plan.resolve(claim, outcomes[claim], kind: "ffi", issueFile: file, fallback: old)
        }
    }

    /// The tools of ready MCP servers come last: a name already taken is refused.
    private func addMCPOffers(to plan: inout PluginServingPlan) {
        for offer in mcpOffers {
            let file = "mcp:\(offer.server)"
            guard PluginValidation.isValidFunctionName(offer.tool) else {
                plan.issue(
                    offer.tool, kind: "mcp", file: file, status: "error",
                    error: "the MCP tool name \(offer.tool) is not a valid function name ([a-zA-Z0-9_-]{1,64})")
                continue
            }
            if let duplicate = plan.duplicateError(offer.tool) {
                plan.issue(offer.tool, kind: "mcp", file: file, status: "error", error: duplicate)
                continue
            }
            plan.serve(offer.tool, .mcp(offer), provider: "MCP server \(offer.server)")
        }
    }

    /// Last, as it needs every name served by then: an enabled in-process plugin entry that
    /// serves nothing and has no row yet gets one saying why; a disabled one is listed.
    private func addMissingPlugins(to plan: inout PluginServingPlan) {
        for (name, entry) in config.plugins.sorted(by: { $0.key < $1.key })
        where entry.ffi == nil && entry.isolation == .inProcess {
            if !entry.enabled, !plan.hasIssue(name) {
                plan.issue(name, kind: "plugin", file: nil, status: "disabled")
            } else if entry.enabled, plan.serving[name] == nil, !plan.hasIssue(name) {
                let file = files.nameForFile.first { $0.value == name }?.key
                plan.issue(
                    name, kind: "plugin", file: file, status: "error", error: files.missing(name, entry, in: file))
            }
        }
    }
}
