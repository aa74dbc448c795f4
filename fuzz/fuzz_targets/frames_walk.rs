//! The capture reader and the layer walk never panic or hang on any bytes. The checks live with
//! the crate's tests.
#![no_main]

#[path = "../../crates/frames/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::walk(data));
