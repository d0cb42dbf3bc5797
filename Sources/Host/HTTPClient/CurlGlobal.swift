import CurlShim

/// libcurl's process-wide set-up (`curl_global_init`): meant to run once per process, before
/// the first use of libcurl and not alongside another thread's, so it is a `static let`
/// (Swift runs its initialiser once, thread-safely), never per client.
enum CurlGlobal {
    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// Runs the set-up the first time; a no-op after that.
    static func initialise() {
        _ = initialised
    }
}
