//! LACPDU / Marker parsing (strict, lax, dispatch), TLV walks and the LAG diagnosis never panic
//! or loop, and agree. The checks live with the crate's tests.
#![no_main]

#[path = "../../crates/lacp/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::parse(data));
