//! Whatever parses strictly builds back to the same bytes, AVP by AVP and through every typed
//! value.
#![no_main]

#[path = "../../crates/l2tp/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::round_trip(data));
