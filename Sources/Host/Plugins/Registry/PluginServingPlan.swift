/// The second phase's answer: what serves each name in the new generation, and the listing
/// rows and refusals for what does not. Final once `pending` is empty.
struct PluginServingPlan: Sendable, Equatable {
    enum Source: Sendable, Equatable {
        /// What serves the name now goes on (unchanged, or its update was refused).
        case current
        /// What the claim created.
        case claim(PluginClaim)
        case mcp(PluginMCPOffer)
    }

    var serving: [String: Source] = [:]
    /// Who provides each serving name, for duplicate errors.
    var providers: [String: String] = [:]
    /// Why a newer version of a serving function was refused (the current one goes on).
    var refused: [String: String] = [:]
    /// Listing rows for what does not serve: errors and disabled entries.
    var issues: [PluginListingEntry] = []
    /// Claims without an outcome yet: carry them out, then plan again with their outcomes.
    var pending: [PluginClaim] = []

    /// One line per refused file or function, as the reload report and the log give them.
    var problems: [String] {
        issues.filter { $0.status == "error" }.map { "\($0.name): \($0.error ?? "")" }
            + refused.sorted { $0.key < $1.key }.map { "\($0.key): new version refused: \($0.value)" }
    }
}

// How the planner assembles a plan, one claim at a time.
extension PluginServingPlan {
    /// Adds `name`, served by `source`, provided by `provider`.
    mutating func serve(_ name: String, _ source: Source, provider: String) {
        serving[name] = source
        providers[name] = provider
    }

    /// Adds `claim` by its outcome. Without one yet it is pending and takes the name, so the
    /// claims after it are planned as if it served; the next round plans them again. A failed
    /// claim leaves the name to what provided it before (`fallback`), else to later claims.
    mutating func resolve(
        _ claim: PluginClaim, _ outcome: PluginClaimOutcome?, kind: String, issueFile: String?,
        fallback: String?
    ) {
        switch outcome {
        case nil:
            pending.append(claim)
            // A placeholder provider: a plan with pending claims is read for those only.
            serve(claim.name, .claim(claim), provider: claim.file ?? claim.name)
        case .serves(let provider):
            serve(claim.name, .claim(claim), provider: provider)
        case .failed(let error):
            if let fallback {
                serve(claim.name, .current, provider: fallback)
                refused[claim.name] = error
            } else {
                issue(claim.name, kind: kind, file: issueFile, status: "error", error: error)
            }
        }
    }

    /// Adds a listing row for something that does not serve.
    mutating func issue(
        _ name: String, kind: String, file: String?, status: String, error: String? = nil
    ) {
        issues.append(
            PluginListingEntry(
                name: name, kind: kind, version: nil, file: file, loadedAt: nil, status: status,
                error: error, calls: 0, failures: 0, meanLatencyMs: 0))
    }

    func hasIssue(_ name: String) -> Bool { issues.contains { $0.name == name } }

    /// The refusal when `name` is already taken, in the same words for every kind.
    func duplicateError(_ name: String) -> String? {
        providers[name].map { Self.duplicateError(name, providedBy: $0) }
    }

    static func duplicateError(_ name: String, providedBy provider: String) -> String {
        "duplicate function name: \(name) is already provided by \(provider)"
    }
}
