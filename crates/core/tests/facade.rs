//! A crate's public surface is its facade: lib.rs re-exports what the other crates use and
//! every module stays private, so a caller cannot come to depend on an internal path. Checked
//! here for `core` and for `abc`, the crate below it.

#[test]
fn lib_rs_declares_no_public_module() {
    for (krate, lib) in [
        ("core", include_str!("../src/lib.rs")),
        ("abc", include_str!("../../abc/src/lib.rs")),
    ] {
        let public: Vec<&str> = lib
            .lines()
            .map(str::trim_start)
            .filter(|l| l.starts_with("pub mod "))
            .collect();
        assert!(public.is_empty(), "{krate}: public modules {public:?}");
    }
}
