import Testing

@testable import AVRHost

/// The file phase of a reload, driven with plain values: which files are used, in which
/// order, and whether each is kept, loaded or left refused.
@Suite struct PluginFilePlanTests {
    typealias F = ReloadPlannerFixture
    let a = F.dropInFile("liba.so")
    let b = F.dropInFile("libb.so")

    func plan(
        _ config: PluginsConfig = F.config(), disk: PluginDiskSnapshot,
        current: PluginCurrentGeneration = F.generation()
    ) -> PluginFilePlan {
        PluginFilePlan(config: config, builtinDirectories: [F.builtin], disk: disk, current: current)
    }

    @Test func aNewFileIsLoaded() {
        let plan = plan(disk: F.disk([a: 1]))
        #expect(plan.files == [a])
        #expect(plan.actions[a] == .load)
        #expect(plan.dropped.isEmpty)
    }

    @Test func anUnchangedFileKeepsItsImage() {
        let current = F.generation(files: [a: F.loaded("copy-1", version: 1, functions: ["x"])])
        #expect(plan(disk: F.disk([a: 1]), current: current).actions[a] == .keep)
    }

    @Test func aChangedFileIsLoadedAgain() {
        let current = F.generation(files: [a: F.loaded("copy-1", version: 1, functions: ["x"])])
        #expect(plan(disk: F.disk([a: 2]), current: current).actions[a] == .load)
    }

    @Test func aRemovedFileIsDropped() {
        let current = F.generation(files: [a: F.loaded("copy-1", version: 1, functions: ["x"])])
        let plan = plan(disk: F.disk([:]), current: current)
        #expect(plan.files.isEmpty)
        #expect(plan.dropped == [a])
    }

    @Test func aFileRefusedUnchangedIsNotTriedAgainUntilItChanges() {
        let refused = PluginRefusedFile(key: F.key(1), error: "dlopen failed: bad ELF")
        var current = F.generation()
        current.refusedFiles[a] = refused
        #expect(plan(disk: F.disk([a: 1]), current: current).actions[a] == .stillRefused(refused))
        #expect(plan(disk: F.disk([a: 2]), current: current).actions[a] == .load)
    }

    @Test func filesServingNowComeFirst() {
        let current = F.generation(
            files: [b: F.loaded("copy-1", version: 1, functions: ["x"])],
            functions: ["x": F.native(b, image: "copy-1")])
        #expect(plan(disk: F.disk([a: 1, b: 1])).files == [a, b])
        #expect(plan(disk: F.disk([a: 1, b: 1]), current: current).files == [b, a])
    }

    @Test func aConfiguredNameIsSearchedInTheBuiltinFolderFirst() {
        let builtin = "\(F.builtin)/libgreet.so"
        let dropped = F.dropInFile("libgreet.so")
        let plan = plan(F.config(["greet": PluginEntry()]), disk: F.disk([builtin: 1, dropped: 1]))
        #expect(plan.files == [builtin, dropped])
        #expect(plan.nameForFile == [builtin: "greet"])
    }

    @Test func anIsolatedEntrysFileIsNeverLoadedInTheHost() {
        let file = F.dropInFile("libgreet.so")
        let plan = plan(F.config(["greet": F.isolated()]), disk: F.disk([file: 1, a: 1]))
        #expect(plan.files == [a])
        #expect(plan.isolatedFiles == ["greet": file])
    }

    @Test func disabledAndFFIEntriesNameNoFile() {
        let config = F.config([
            "greet": PluginEntry(enabled: false), "cube": PluginEntry(ffi: F.cbrt),
        ])
        let plan = plan(config, disk: F.disk(["\(F.builtin)/libgreet.so": 1, "\(F.builtin)/libcube.so": 1]))
        #expect(plan.files.isEmpty)
        #expect(
            PluginFilePlan.candidates(for: "greet", PluginEntry(), in: ["/x", "/y"]) == [
                "/x/libgreet.so", "/y/libgreet.so",
            ])
        #expect(PluginFilePlan.candidates(for: "greet", PluginEntry(path: "/p/g.so"), in: ["/x"]) == ["/p/g.so"])
    }

    @Test func aRefusedNewVersionLeavesTheOldImageServing() {
        let old = F.loaded("copy-1", version: 1, functions: ["x"])
        let current = F.generation(files: [a: old])
        let plan = plan(disk: F.disk([a: 2]), current: current)
        let results = plan.results(
            current: current, loads: [a: .failure(PluginLoadError("dlopen failed: bad ELF", key: F.key(2)))])
        #expect(results.files[a] == old)
        #expect(results.errors[a] == "dlopen failed: bad ELF")
        #expect(results.refused[a] == PluginRefusedFile(key: F.key(2), error: "dlopen failed: bad ELF"))
    }

    @Test func aFileThatKeptChangingIsNotRememberedAsRefused() {
        let plan = plan(disk: F.disk([a: 1]))
        let results = plan.results(
            current: F.generation(), loads: [a: .failure(PluginLoadError("changed while copied"))])
        #expect(results.files[a] == nil)
        #expect(results.errors[a] == "changed while copied")
        #expect(results.refused.isEmpty)
    }

    @Test func aFileStillRefusedSaysSo() {
        let refused = PluginRefusedFile(key: F.key(1), error: "dlopen failed: bad ELF")
        var current = F.generation()
        current.refusedFiles[a] = refused
        let results = plan(disk: F.disk([a: 1]), current: current).results(current: current, loads: [:])
        #expect(results.errors[a] == "dlopen failed: bad ELF (unchanged since refused, not loaded again)")
        #expect(results.refused[a] == refused)
    }

    @Test func aLoadedFileReplacesTheOldImage() {
        let new = F.loaded("copy-2", version: 2, functions: ["x", "y"])
        let current = F.generation(files: [a: F.loaded("copy-1", version: 1, functions: ["x"])])
        let results = plan(disk: F.disk([a: 2]), current: current).results(current: current, loads: [a: .success(new)])
        #expect(results.files == [a: new])
        #expect(results.errors.isEmpty)
    }
}
