//! Whatever parses builds back to the same PDU and the same bytes (LACPDU and Marker).
#![no_main]

#[path = "../../crates/lacp/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::round_trip(data));
