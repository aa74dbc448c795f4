//! Whatever parses builds back to the same PDU and the same bytes (header and tags).
#![no_main]

#[path = "../../crates/pppoe/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::round_trip(data));
