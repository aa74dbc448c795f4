//! Whatever parses builds back to the same message (build -> parse -> build), checksum filled.
#![no_main]

#[path = "../../crates/igmp/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::round_trip(data));
