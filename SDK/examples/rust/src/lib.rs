//! hello_rust: an avr-host tool plugin in Rust, on the C ABI of
//! SDK/Sources/CAVRFunctionABI/include/avr_function_abi.h (version 1). The `#[repr(C)]` structs
//! below mirror the header's; keep them in step with it (fields are only ever appended).
//!
//!   avr-host plugin call target/release/libhello_rust.so hello_rust '{"name":"Ada"}' --uuid call-1

// std::os::raw and no c"" literals: builds with Debian 12's Rust 1.63 as with a current one.
use std::ffi::CStr;
use std::os::raw::{c_char, c_void};
use std::ptr;

const AVR_FUNCTION_ABI_VERSION: u32 = 1;
const AVR_STATUS_SUCCESS: i32 = 0;

#[repr(C)]
pub struct AvrCallContext {
    struct_size: u32,
    uuid: *const c_char,
    call_id: *const c_char,
}

#[repr(C)]
pub struct AvrResult {
    struct_size: u32,
    status: i32,
    /// malloc()ed here, free()d by the host: Rust's allocator must not own it.
    message: *mut c_char,
    data_json: *mut c_char,
}

type InvokeFn =
    unsafe extern "C" fn(*mut c_void, *const AvrCallContext, *const c_char, *mut AvrResult);

#[repr(C)]
pub struct AvrFunction {
    struct_size: u32,
    name: *const c_char,
    description: *const c_char,
    parameters_schema_json: *const c_char,
    function_context: *mut c_void,
    // init and shutdown are optional (NULL); the host services table is only handed to init.
    init: *const c_void,
    invoke: Option<InvokeFn>,
    shutdown: *const c_void,
}

#[repr(C)]
pub struct AvrPlugin {
    abi_version: u32,
    struct_size: u32,
    function_struct_size: u32,
    toolchain_stamp: *const c_char,
    plugin_version: *const c_char,
    function_count: u32,
    functions: *const AvrFunction,
}

/// A string literal as a static C string (NUL added).
macro_rules! c_str {
    ($text:expr) => {
        concat!($text, "\0").as_ptr() as *const c_char
    };
}

/// The descriptors are immutable statics the host only reads, from any thread.
struct Shared<T>(T);
unsafe impl<T> Sync for Shared<T> {}

extern "C" {
    fn malloc(size: usize) -> *mut c_void;
}

/// Copies `text` into a NUL-terminated buffer from C's malloc, which the host frees.
fn c_string(text: &str) -> *mut c_char {
    unsafe {
        let buffer = malloc(text.len() + 1) as *mut u8;
        if buffer.is_null() {
            return ptr::null_mut();
        }
        ptr::copy_nonoverlapping(text.as_ptr(), buffer, text.len());
        *buffer.add(text.len()) = 0;
        buffer as *mut c_char
    }
}

/// `text` as a JSON string literal, quoted and escaped.
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn lent(text: *const c_char) -> String {
    if text.is_null() {
        return String::new();
    }
    unsafe { CStr::from_ptr(text) }
        .to_string_lossy()
        .into_owned()
}

unsafe extern "C" fn invoke(
    _instance: *mut c_void,
    context: *const AvrCallContext,
    arguments_json: *const c_char,
    result: *mut AvrResult,
) {
    let uuid = if context.is_null() {
        String::new()
    } else {
        lent((*context).uuid)
    };
    // A real plugin parses the arguments (JSON) with its own code; this one hands them back.
    let arguments = lent(arguments_json);
    let data = format!(
        "{{\"arguments\":{},\"language\":\"rust\",\"uuid\":{}}}",
        arguments,
        json_string(&uuid)
    );
    (*result).status = AVR_STATUS_SUCCESS;
    (*result).message = c_string("Hello from Rust");
    (*result).data_json = c_string(&data);
}

static FUNCTIONS: Shared<[AvrFunction; 1]> = Shared([AvrFunction {
    struct_size: std::mem::size_of::<AvrFunction>() as u32,
    name: c_str!("hello_rust"),
    description: c_str!("Says hello from Rust and hands its arguments back."),
    parameters_schema_json: c_str!(
        "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"
    ),
    function_context: ptr::null_mut(),
    init: ptr::null(),
    invoke: Some(invoke),
    shutdown: ptr::null(),
}]);

static PLUGIN: Shared<AvrPlugin> = Shared(AvrPlugin {
    abi_version: AVR_FUNCTION_ABI_VERSION,
    struct_size: std::mem::size_of::<AvrPlugin>() as u32,
    function_struct_size: std::mem::size_of::<AvrFunction>() as u32,
    toolchain_stamp: ptr::null(), // Rust speaks the C ABI: no Swift toolchain stamp
    plugin_version: c_str!("1.0.0"),
    function_count: 1,
    functions: &FUNCTIONS.0 as *const AvrFunction,
});

/// The one symbol avr-host looks up.
#[no_mangle]
pub extern "C" fn avr_plugin_entry() -> *const AvrPlugin {
    &PLUGIN.0
}
