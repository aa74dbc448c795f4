//! Incremental update == recomputation, any split == whole, emit-then-verify; never panics
//! otherwise. The checks live with the crate's tests so finds replay in `cargo test`.
#![no_main]

#[path = "../../crates/checksum/tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::checksum_incremental(data));
