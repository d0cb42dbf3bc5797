import Foundation
import FunctionABI

extension PluginRegistry {
    /// Carries out one claim of the serving plan: the I/O its outcome depends on.
    func carryOut(
        _ claim: PluginClaim, planner: PluginServingPlanner, images: [String: PluginImage],
        previous: [String: ServedFunction]
    ) -> (outcome: PluginClaimOutcome, served: ServedFunction?) {
        let entry = planner.config.plugins[claim.name]
        switch claim.kind {
        case .native:
            guard let file = claim.file, let image = images[file] else {
                preconditionFailure("the planner claims native functions of loaded files only")
            }
            return initialise(claim.name, of: image, entry: entry, reloaded: previous[claim.name]?.native != nil)
        case .isolated:
            guard let entry, case .process(let policy) = entry.isolation, let file = claim.file,
                let source = planner.isolatedSource(of: claim.name, file: file)
            else { preconditionFailure("the planner claims runners for isolated entries only") }
            return startRunner(
                name: claim.name, entry: entry, policy: policy, source: source, reloaded: previous[claim.name] != nil)
        case .ffi:
            guard let entry, let ffi = entry.ffi else {
                preconditionFailure("the planner claims libraries for ffi entries only")
            }
            return makeFFIFunction(name: claim.name, entry: entry, ffi: ffi, previous: previous[claim.name]?.ffi)
        }
    }

    /// Runs the `init` of function `name` of `image` with its entry's settings and deadline;
    /// `reloaded` (a version of it served before) only changes the log line.
    private func initialise(
        _ name: String, of image: PluginImage, entry: PluginEntry?, reloaded: Bool
    ) -> (outcome: PluginClaimOutcome, served: ServedFunction?) {
        guard let function = image.functions.first(where: { String(cString: $0.pointee.name) == name }) else {
            preconditionFailure("the planner claims functions the image declares only")
        }
        do {
            let loaded = try LoadedFunction(
                image: image, function: function, settings: entry?.settings ?? .object([:]),
                serviceContext: PluginHostServiceContext(
                    functionName: name, logger: logger, transport: transport, hostSettings: hostSettings),
                initTimeoutMs: entry?.initTimeoutMs ?? PluginsConfig.defaultInitTimeoutMs)
            // Operators see which version of which file serves after every change.
            logger.info(
                "plugin \(reloaded ? "reloaded" : "loaded"): \(name) \(image.version ?? "(no version)") from \(image.sourcePath)",
                metadata: ["plugin": "\(name)"])
            return (.serves(provider: image.sourcePath), .native(loaded))
        } catch {
            return (.failed(error.description), nil)
        }
    }
}
