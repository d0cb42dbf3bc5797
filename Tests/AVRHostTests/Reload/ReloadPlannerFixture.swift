import FunctionABI

@testable import AVRHost

/// Plain values for the reload planners' tests: files, configs and generations without a
/// single `.so` (the planners never touch the disk).
enum ReloadPlannerFixture {
    static let builtin = "/opt/avr"
    static let dropIn = "/srv/functions"

    /// A distinct file identity; equal numbers mean "unchanged".
    static func key(_ version: Int) -> PluginFileKey {
        PluginFileKey(device: 1, inode: UInt64(version), size: 1000 + version, modified: Int64(version))
    }

    static func config(_ plugins: [String: PluginEntry] = [:]) -> PluginsConfig {
        PluginsConfig(pluginDirectories: [dropIn], plugins: plugins, baseDirectory: "/etc/avr")
    }

    static func isolated(_ entry: PluginEntry = PluginEntry()) -> PluginEntry {
        var entry = entry
        entry.isolation = .process(RunnerPolicy())
        return entry
    }

    static let cbrt: JSONValue = .object(["library": .string("libm.so.6"), "symbol": .string("cbrt")])

    /// A disk holding `files` (path: version); those in the drop-in folder are listed in it.
    static func disk(_ files: [String: Int]) -> PluginDiskSnapshot {
        var disk = PluginDiskSnapshot(folders: [dropIn: []])
        for (path, version) in files {
            disk.keys[path] = key(version)
            if path.hasPrefix(dropIn + "/") {
                disk.folders[dropIn, default: []].append(String(path.dropFirst(dropIn.count + 1)))
            }
        }
        return disk
    }

    static func dropInFile(_ name: String) -> String { "\(dropIn)/\(name)" }

    /// A generation serving each native function from its file's image.
    static func generation(
        files: [String: PluginLoadedFile] = [:], functions: [String: PluginCurrentFunction] = [:]
    ) -> PluginCurrentGeneration {
        PluginCurrentGeneration(files: files, refusedFiles: [:], functions: functions)
    }

    static func native(_ file: String, image: String, settings: JSONValue = .object([:])) -> PluginCurrentFunction {
        PluginCurrentFunction(kind: .native(image: image, settings: settings), file: file)
    }

    /// Plans both phases, taking every file load from `loads` and every claim's outcome from
    /// `outcomes` (a claim without one serves, named as the registry names it).
    static func plan(
        _ config: PluginsConfig, disk: PluginDiskSnapshot, current: PluginCurrentGeneration = generation(),
        loads: [String: Result<PluginLoadedFile, PluginLoadError>] = [:],
        outcomes: [PluginClaim: PluginClaimOutcome] = [:], mcpOffers: [PluginMCPOffer] = []
    ) -> (plan: PluginServingPlan, claimed: [PluginClaim]) {
        let files = PluginFilePlan(config: config, builtinDirectories: [builtin], disk: disk, current: current)
        let planner = PluginServingPlanner(
            config: config, files: files, loaded: files.results(current: current, loads: loads), current: current,
            disk: disk, mcpOffers: mcpOffers)
        var known: [PluginClaim: PluginClaimOutcome] = [:]
        var claimed: [PluginClaim] = []
        var plan = planner.plan()
        while !plan.pending.isEmpty {
            for claim in plan.pending {
                claimed.append(claim)
                known[claim] = outcomes[claim] ?? .serves(provider: provider(of: claim))
            }
            plan = planner.plan(outcomes: known)
        }
        return (plan, claimed)
    }

    static func provider(of claim: PluginClaim) -> String {
        switch claim.kind {
        case .native: claim.file ?? ""
        case .isolated: "runner \(claim.file ?? "")"
        case .ffi: "ffi \(claim.file ?? "")"
        }
    }

    static func loaded(_ image: String, version: Int, functions: [String]) -> PluginLoadedFile {
        PluginLoadedFile(image: image, key: key(version), functions: functions)
    }
}

extension PluginServingPlan {
    /// The error row of `name`, if any.
    func error(of name: String) -> String? {
        issues.first { $0.name == name && $0.status == "error" }?.error
    }
}
