//! SNMP parsing (strict and lax), the varbind walk (values, OIDs as text and back) and the rule
//! checks never panic or loop, and agree. The checks live with the crate's tests.
#![no_main]

#[path = "../../crates/snmp/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::parse(data));
