import CAVRFunctionABI

/// The stamp of the Swift toolchain that compiled this module (see avr_toolchain_stamp.h).
public enum AVRToolchain {
    /// Host and plugins compute it alike; a difference means an incompatible Swift runtime.
    public static var stamp: String { String(cString: avr_toolchain_stamp()) }
}
