//! IGMP parsing never panics or loops, checked and lax parses agree, every field can be visited.
//! The checks live with the crate's tests so finds replay in `cargo test`.
#![no_main]

#[path = "../../crates/igmp/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::parse(data));
