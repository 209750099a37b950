//! CLI behaviour pinned with trycmd cases under `tests/cmd/`.
//! Approve deliberate output changes with `TRYCMD=overwrite cargo test --test cmd`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}
