//! L2TP parsing (strict and lax, UDP and IP), the AVP walk, typed values, hidden-AVP
//! decryption and the rule checks never panic or loop, and agree. The checks live with the
//! crate's tests.
#![no_main]

#[path = "../../crates/l2tp/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::parse(data));
