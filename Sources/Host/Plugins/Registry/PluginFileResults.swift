/// The end of a reload's file phase: the image each file serves from, and why a file was not
/// (re)loaded. A file whose new version was refused keeps its current image.
struct PluginFileResults: Sendable, Equatable {
    /// The image of each file of the new generation, by source path.
    var files: [String: PluginLoadedFile] = [:]
    /// Why a file was not (re)loaded, by source path.
    var errors: [String: String] = [:]
    /// Files the loader refused, remembered until they change.
    var refused: [String: PluginRefusedFile] = [:]
}

extension PluginFilePlan {
    /// Combines the plan with what the loader did to each `.load` file (`loads`). Pure.
    func results(
        current: PluginCurrentGeneration, loads: [String: Result<PluginLoadedFile, PluginLoadError>]
    ) -> PluginFileResults {
        var results = PluginFileResults()
        for file in files {
            let old = current.files[file]
            switch (actions[file], loads[file]) {
            case (.stillRefused(let refused), _):
                results.refused[file] = refused
                results.errors[file] = refused.error + " (unchanged since refused, not loaded again)"
                results.files[file] = old
            case (.load, .success(let loaded)?):
                results.files[file] = loaded
            case (.load, .failure(let error)?):
                results.errors[file] = error.description
                if let key = error.key {
                    results.refused[file] = PluginRefusedFile(key: key, error: error.description)
                }
                results.files[file] = old  // the old version keeps serving
            case (.keep, _), (.load, nil), (nil, _):
                results.files[file] = old
            }
        }
        return results
    }
}
