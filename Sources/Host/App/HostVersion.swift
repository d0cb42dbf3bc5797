import CAVRFunctionABI

/// The three things a plugin must match, as `avr-host --version` and `GET /plugins` show them.
/// Swift plugins must match the toolchain stamp exactly (Swift has no stable ABI on Linux);
/// C plugins only the ABI version.
public enum HostVersion {
    /// Raised with every release (scripts/package names the archive after `git describe`).
    public static let host = "0.1.0"

    /// `AVR_FUNCTION_ABI_VERSION`: a plugin built for another major version is refused.
    public static var abi: Int { Int(AVR_FUNCTION_ABI_VERSION) }

    /// The stamp in this binary's `.avr_toolchain` section, compared with each Swift plugin's.
    public static var toolchainStamp: String { String(cString: avr_toolchain_note()) }

    /// What `avr-host --version` prints.
    public static var text: String {
        """
        avr-host \(host)
        plugin ABI \(abi)
        Swift toolchain \(toolchainStamp)
        """
    }
}
