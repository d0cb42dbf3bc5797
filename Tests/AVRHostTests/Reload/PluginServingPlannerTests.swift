import FunctionABI
import Testing

@testable import AVRHost

/// The naming phase of a reload, driven with plain values: who serves each name, the
/// precedence between kinds, and the exact words of every refusal.
@Suite struct PluginServingPlannerTests {
    typealias F = ReloadPlannerFixture
    let a = F.dropInFile("liba.so")
    let b = F.dropInFile("libb.so")

    func claim(_ kind: PluginClaim.Kind, _ name: String, _ file: String?) -> PluginClaim {
        PluginClaim(kind: kind, name: name, file: file)
    }

    @Test func newFunctionsAreInitialisedAndServe() {
        let (plan, claimed) = F.plan(
            F.config(), disk: F.disk([a: 1]),
            loads: [a: .success(F.loaded("copy-1", version: 1, functions: ["x", "y"]))])
        #expect(claimed == [claim(.native, "x", a), claim(.native, "y", a)])
        #expect(plan.serving == ["x": .claim(claim(.native, "x", a)), "y": .claim(claim(.native, "y", a))])
        #expect(plan.issues.isEmpty && plan.refused.isEmpty && plan.pending.isEmpty)
    }

    @Test func anUnchangedFunctionKeepsItsInstanceAndNewSettingsInitialiseIt() {
        let image = F.loaded("copy-1", version: 1, functions: ["x"])
        let current = F.generation(files: [a: image], functions: ["x": F.native(a, image: "copy-1")])
        let unchanged = F.plan(F.config(), disk: F.disk([a: 1]), current: current)
        #expect(unchanged.claimed.isEmpty)
        #expect(unchanged.plan.serving == ["x": .current])

        let settings: JSONValue = .object(["greeting": .string("Hi")])
        let changed = F.plan(F.config(["x": PluginEntry(settings: settings)]), disk: F.disk([a: 1]), current: current)
        #expect(changed.claimed == [claim(.native, "x", a)])
        #expect(changed.plan.serving == ["x": .claim(claim(.native, "x", a))])
    }

    @Test func aFailedInitLeavesThePreviousVersionServing() {
        let current = F.generation(
            files: [a: F.loaded("copy-1", version: 1, functions: ["x"])], functions: ["x": F.native(a, image: "copy-1")]
        )
        let (plan, _) = F.plan(
            F.config(), disk: F.disk([a: 2]), current: current,
            loads: [a: .success(F.loaded("copy-2", version: 2, functions: ["x"]))],
            outcomes: [claim(.native, "x", a): .failed("init failed (1): no key")])
        #expect(plan.serving == ["x": .current])
        #expect(plan.refused == ["x": "init failed (1): no key"])
        #expect(plan.problems == ["x: new version refused: init failed (1): no key"])
    }

    @Test func aFailedInitOfANewFunctionLeavesItsNameToTheNextFile() {
        let loads: [String: Result<PluginLoadedFile, PluginLoadError>] = [
            a: .success(F.loaded("copy-1", version: 1, functions: ["x"])),
            b: .success(F.loaded("copy-2", version: 1, functions: ["x"])),
        ]
        let (plan, claimed) = F.plan(
            F.config(), disk: F.disk([a: 1, b: 1]), loads: loads,
            outcomes: [claim(.native, "x", a): .failed("init did not return within 10000 ms; the plugin is not loaded")]
        )
        // b's init runs only once a's has failed, as when the files were taken one by one.
        #expect(claimed == [claim(.native, "x", a), claim(.native, "x", b)])
        #expect(plan.serving == ["x": .claim(claim(.native, "x", b))])
        #expect(plan.error(of: "x") == "init did not return within 10000 ms; the plugin is not loaded")
    }

    @Test func aDuplicateAcrossFilesIsRefusedAndTheServingFileKeepsTheName() {
        let current = F.generation(
            files: [b: F.loaded("copy-1", version: 1, functions: ["x"])], functions: ["x": F.native(b, image: "copy-1")]
        )
        let (plan, claimed) = F.plan(
            F.config(), disk: F.disk([a: 1, b: 1]), current: current,
            loads: [a: .success(F.loaded("copy-2", version: 1, functions: ["x"]))])
        #expect(claimed.isEmpty)
        #expect(plan.serving == ["x": .current])
        #expect(plan.issues.map(\.file) == [a])
        #expect(plan.problems == ["x: duplicate function name: x is already provided by \(b)"])
    }

    @Test func anIsolatedEntryComesBeforeEveryPluginFile() {
        let isolatedFile = "\(F.builtin)/libx.so"
        let (plan, claimed) = F.plan(
            F.config(["x": F.isolated()]), disk: F.disk([isolatedFile: 1, a: 1]),
            loads: [a: .success(F.loaded("copy-1", version: 1, functions: ["x"]))])
        #expect(claimed == [claim(.isolated, "x", isolatedFile)])
        #expect(plan.problems == ["x: duplicate function name: x is already provided by runner \(isolatedFile)"])
    }

    @Test func anUnchangedIsolatedEntryKeepsItsRunnerAndANewFileVersionGetsANewOne() {
        let file = "\(F.builtin)/libx.so"
        let entry = F.isolated()
        let current = F.generation(functions: [
            "x": PluginCurrentFunction(
                kind: .isolated(IsolatedSource(entry: entry, file: file, key: F.key(1))), file: file)
        ])
        let unchanged = F.plan(F.config(["x": entry]), disk: F.disk([file: 1]), current: current)
        #expect(unchanged.claimed.isEmpty)
        #expect(unchanged.plan.serving == ["x": .current])
        let changed = F.plan(
            F.config(["x": entry]), disk: F.disk([file: 2]), current: current,
            outcomes: [claim(.isolated, "x", file): .failed("runner exited with status 1")])
        #expect(changed.claimed == [claim(.isolated, "x", file)])
        #expect(changed.plan.serving == ["x": .current])
        #expect(changed.plan.refused == ["x": "runner exited with status 1"])
    }

    @Test func anIsolatedEntryWithoutAFileSaysWhereItLooked() {
        let (plan, _) = F.plan(F.config(["x": F.isolated()]), disk: F.disk([:]))
        #expect(plan.problems == ["x: plugin file libx.so not found in \(F.builtin), \(F.dropIn)"])
    }

    @Test func aPluginFunctionComesBeforeAnFFIEntryOfTheSameName() {
        let (plan, claimed) = F.plan(
            F.config(["x": PluginEntry(ffi: F.cbrt)]), disk: F.disk([a: 1]),
            loads: [a: .success(F.loaded("copy-1", version: 1, functions: ["x"]))])
        #expect(claimed == [claim(.native, "x", a)])
        #expect(plan.issues.map(\.kind) == ["ffi"])
        #expect(plan.issues.map(\.file) == ["libm.so.6:cbrt"])
        #expect(plan.problems == ["x: duplicate function name: x is already provided by \(a)"])
    }

    @Test func anFFIEntryServingNowKeepsItsNameAgainstANewPluginFile() {
        let current = F.generation(functions: ["x": PluginCurrentFunction(kind: .ffi, file: "libm.so.6:cbrt")])
        let (plan, claimed) = F.plan(
            F.config(["x": PluginEntry(ffi: F.cbrt)]), disk: F.disk([a: 1]), current: current,
            loads: [a: .success(F.loaded("copy-1", version: 1, functions: ["x"]))])
        #expect(claimed == [claim(.ffi, "x", "libm.so.6:cbrt")])
        #expect(plan.serving == ["x": .claim(claim(.ffi, "x", "libm.so.6:cbrt"))])
        #expect(plan.problems == ["x: duplicate function name: x is already provided by ffi libm.so.6:cbrt"])
    }

    @Test func aBrokenFFIDeclarationLeavesTheOldFunctionServing() {
        let current = F.generation(functions: ["x": PluginCurrentFunction(kind: .ffi, file: "libm.so.6:cbrt")])
        let (plan, _) = F.plan(
            F.config(["x": PluginEntry(ffi: F.cbrt)]), disk: F.disk([:]), current: current,
            outcomes: [claim(.ffi, "x", "libm.so.6:cbrt"): .failed("plugins.x.ffi.symbol: not found")])
        #expect(plan.serving == ["x": .current])
        #expect(plan.problems == ["x: new version refused: plugins.x.ffi.symbol: not found"])
    }

    @Test func MCPToolsComeLastAndInvalidNamesAreRefused() {
        let offers = [
            PluginMCPOffer(server: "docs", tool: "x"), PluginMCPOffer(server: "docs", tool: "search"),
            PluginMCPOffer(server: "docs", tool: "bad name"),
        ]
        let (plan, _) = F.plan(
            F.config(["x": PluginEntry(ffi: F.cbrt)]), disk: F.disk([:]), mcpOffers: offers)
        #expect(plan.serving["search"] == .mcp(offers[1]))
        #expect(plan.serving["x"] == .claim(claim(.ffi, "x", "libm.so.6:cbrt")))
        #expect(
            plan.problems == [
                "x: duplicate function name: x is already provided by ffi libm.so.6:cbrt",
                "bad name: the MCP tool name bad name is not a valid function name ([a-zA-Z0-9_-]{1,64})",
            ])
        #expect(plan.issues.map(\.file) == ["mcp:docs", "mcp:docs"])
    }

    @Test func aMissingPluginSaysWhereItLooked() {
        let (plan, _) = F.plan(
            F.config(["greet": PluginEntry(), "hello": PluginEntry(path: "/p/libhello.so")]), disk: F.disk([:]))
        #expect(
            plan.problems == [
                "greet: plugin file libgreet.so not found in \(F.builtin), \(F.dropIn)",
                "hello: plugin file /p/libhello.so not found",
            ])
    }

    @Test func aFileWithoutTheConfiguredFunctionSaysSo() {
        let file = "\(F.builtin)/libgreet.so"
        let (plan, _) = F.plan(
            F.config(["greet": PluginEntry()]), disk: F.disk([file: 1]),
            loads: [file: .success(F.loaded("copy-1", version: 1, functions: ["hello"]))])
        #expect(plan.serving.keys.sorted() == ["hello"])
        #expect(plan.problems == ["greet: plugin file \(file) offers no function greet"])
        #expect(plan.issues.map(\.file) == [file])
    }

    @Test func aFileRefusedOnItsFirstLoadIsListedUnderItsEntrysName() {
        let file = "\(F.builtin)/libgreet.so"
        let (plan, _) = F.plan(
            F.config(["greet": PluginEntry()]), disk: F.disk([file: 1, a: 1]),
            loads: [
                file: .failure(PluginLoadError("ABI version 2 not supported (host speaks 1)", key: F.key(1))),
                a: .failure(
                    PluginLoadError("missing entry symbol avr_plugin_entry: not an avr-host plugin", key: F.key(1))),
            ])
        // One row each: the missing-plugin check does not repeat the entry's.
        #expect(
            plan.problems == [
                "greet: ABI version 2 not supported (host speaks 1)",
                "liba.so: missing entry symbol avr_plugin_entry: not an avr-host plugin",
            ])
    }

    @Test func aRefusedNewFileVersionIsReportedOnTheFunctionsThatGoOn() {
        let old = F.loaded("copy-1", version: 1, functions: ["x"])
        let current = F.generation(files: [a: old], functions: ["x": F.native(a, image: "copy-1")])
        let (plan, claimed) = F.plan(
            F.config(), disk: F.disk([a: 2]), current: current,
            loads: [a: .failure(PluginLoadError("dlopen failed: bad ELF", key: F.key(2)))])
        #expect(claimed.isEmpty)
        #expect(plan.serving == ["x": .current])
        #expect(plan.problems == ["x: new version refused: dlopen failed: bad ELF"])
    }

    @Test func disabledEntriesAreListedOncePerKind() {
        let file = F.dropInFile("libgreet.so")
        let config = F.config([
            "greet": PluginEntry(enabled: false), "gone": PluginEntry(enabled: false),
            "cube": PluginEntry(enabled: false, ffi: F.cbrt), "solo": F.isolated(PluginEntry(enabled: false)),
        ])
        let (plan, claimed) = F.plan(
            config, disk: F.disk([file: 1]),
            loads: [file: .success(F.loaded("copy-1", version: 1, functions: ["greet"]))])
        #expect(claimed.isEmpty)
        #expect(plan.serving.isEmpty)
        let rows = plan.issues.map { "\($0.name) \($0.kind) \($0.status) \($0.file ?? "-")" }.sorted()
        #expect(
            rows == [
                "cube ffi disabled libm.so.6:cbrt", "gone plugin disabled -", "greet plugin disabled \(file)",
                "solo plugin disabled -",
            ])
    }

    @Test func theFirstRoundClaimsOnlyWhatWouldServeInPrecedenceOrder() {
        let isolatedFile = "\(F.builtin)/libx.so"
        let config = F.config(["x": F.isolated(), "z": PluginEntry(ffi: F.cbrt)])
        let disk = F.disk([isolatedFile: 1, a: 1])
        let files = PluginFilePlan(config: config, builtinDirectories: [F.builtin], disk: disk, current: F.generation())
        let loaded = files.results(
            current: F.generation(), loads: [a: .success(F.loaded("copy-1", version: 1, functions: ["z", "x", "y"]))])
        let planner = PluginServingPlanner(
            config: config, files: files, loaded: loaded, current: F.generation(), disk: disk)
        // x is the runner's while its outcome is unknown, and z the plugin's: neither is claimed twice.
        #expect(
            planner.plan().pending == [
                claim(.isolated, "x", isolatedFile), claim(.native, "z", a), claim(.native, "y", a),
            ])
        let zFailed = planner.plan(outcomes: [
            claim(.isolated, "x", isolatedFile): .serves(provider: "runner \(isolatedFile)"),
            claim(.native, "z", a): .failed("init failed (1): no"),
            claim(.native, "y", a): .serves(provider: a),
        ])
        #expect(zFailed.pending == [claim(.ffi, "z", "libm.so.6:cbrt")])
    }
}
