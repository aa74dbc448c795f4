//! Whatever parses builds back to the same message and the same bytes (minimal encodings).
#![no_main]

#[path = "../../crates/snmp/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::round_trip(data));
