//! ICMPv4/ICMPv6 parsing, quote views, RFC 4884 walks and path-MTU decisions never panic or
//! loop, and agree with each other. The checks live with the crate's tests.
#![no_main]

#[path = "../../crates/icmp/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::parse(data));
