//! PPPoE parsing (strict, lax, session), tag decoding, TR-101 walks and the rule checker never panic
//! or loop, and agree. The checks live with the crate's tests.
#![no_main]

#[path = "../../crates/pppoe/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::parse(data));
