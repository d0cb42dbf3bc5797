import Foundation

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

    /// Reads, plans, carries the plan out, and swaps. The decisions are the planners'
    /// (`PluginFilePlan`, `PluginServingPlanner`); this does only the I/O they ask for.
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
        let (images, active, refusedFiles) = state.withLock { ($0.images, $0.active, $0.refusedFiles) }
        let current = PluginCurrentGeneration(
            files: images.mapValues(\.loadedFile), refusedFiles: refusedFiles,
            functions: active.mapValues(\.planned))
        let disk = PluginDiskSnapshot.read(config: config, builtinDirectories: builtinDirectories)
        let filePlan = PluginFilePlan(
            config: config, builtinDirectories: builtinDirectories, disk: disk, current: current)
        let (files, newImages) = loadFiles(filePlan, current: current, images: images)
        let planner = PluginServingPlanner(
            config: config, files: filePlan, loaded: files, current: current, disk: disk)
        let (plan, served) = serve(planner, images: newImages, active: active)
        return commit(config: config, plan: plan, files: files, images: newImages, active: served)
    }

    /// Carries out the file plan: loads each new or changed file. Returns the phase's results
    /// and the image of each file of the new generation.
    private func loadFiles(
        _ plan: PluginFilePlan, current: PluginCurrentGeneration, images: [String: PluginImage]
    ) -> (PluginFileResults, [String: PluginImage]) {
        for file in plan.dropped { logger.debug("plugin file no longer used: \(file)") }
        var imagesByID = Dictionary(uniqueKeysWithValues: images.values.map { ($0.copyPath, $0) })
        var loads: [String: Result<PluginLoadedFile, PluginLoadError>] = [:]
        for file in plan.files where plan.actions[file] == .load {
            do {
                let image = try loader.load(path: file) { image, bytes in
                    state.withLock { $0.mapped.append((image, bytes)) }
                }
                imagesByID[image.copyPath] = image
                loads[file] = .success(image.loadedFile)
            } catch {
                loads[file] = .failure(error)
            }
        }
        let results = plan.results(current: current, loads: loads)
        return (results, results.files.compactMapValues { imagesByID[$0.image] })
    }

    /// Plans who serves each name, carrying out the claims the plan asks for until none is
    /// pending. Returns the final plan and what serves each name.
    private func serve(
        _ planner: PluginServingPlanner, images: [String: PluginImage], active: [String: ServedFunction]
    ) -> (PluginServingPlan, [String: ServedFunction]) {
        var outcomes: [PluginClaim: PluginClaimOutcome] = [:]
        var created: [PluginClaim: ServedFunction] = [:]
        var plan = planner.plan()
        while !plan.pending.isEmpty {
            for claim in plan.pending {
                let result = carryOut(claim, planner: planner, images: images, previous: active)
                outcomes[claim] = result.outcome
                created[claim] = result.served
            }
            plan = planner.plan(outcomes: outcomes)
        }
        // The MCP servers are applied once the plugins' I/O is done, as they always were. Their
        // tools come last and claim nothing, so the plan with them has nothing pending.
        var planner = planner
        let offers = mcpOffers(of: planner.config)
        planner.mcpOffers = offers.map(\.offer)
        plan = planner.plan(outcomes: outcomes)
        // A server listing one tool twice offers it twice: the planner refuses the second.
        let offered = Dictionary(offers.map { ($0.offer, ($0.server, $0.tool)) }) { first, _ in first }
        var served: [String: ServedFunction] = [:]
        for (name, source) in plan.serving {
            switch source {
            case .current: served[name] = active[name]
            case .claim(let claim): served[name] = created[claim]
            case .mcp(let offer):
                guard let (server, tool) = offered[offer] else { continue }
                served[name] = .mcp(Self.mcpFunction(server: server, tool: tool, previous: active[name]))
            }
        }
        return (plan, served)
    }

    /// Swaps in the new generation and reports it.
    private func commit(
        config: PluginsConfig, plan: PluginServingPlan, files: PluginFileResults, images: [String: PluginImage],
        active: [String: ServedFunction]
    ) -> PluginReloadReport {
        let catalog = PluginCatalog(
            functions: active.mapValues(\.function),
            timeouts: active.keys.reduce(into: [:]) {
                $0[$1] = Self.timeoutMs(of: $1, active[$1], in: config)
            },
            bulkheads: active.keys.reduce(into: [:]) {
                $0[$1] = bulkheads.bulkhead(for: $1, limit: Self.maxConcurrency(of: $1, active[$1], in: config))
            },
            hostedTools: hostedMCPTools(of: config), pool: pool)
        let problems = plan.problems
        for problem in problems { logger.warning("plugin refused: \(problem)") }
        return state.withLock { state in
            state.config = config
            state.configError = nil
            state.generation += 1
            state.images = images
            state.refusedFiles = files.refused
            state.active = active
            state.refusedUpdates = plan.refused
            state.issues = plan.issues
            state.catalog = catalog
            return PluginReloadReport(
                configAccepted: true, configError: nil, generation: state.generation,
                activeFunctions: active.keys.sorted(), problems: problems)
        }
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
