//! `papers state export` and `state import`: the triage state carried into another index.

use crate::util::*;

#[test]
fn the_state_exports_and_imports_into_another_index() {
    let env = TestEnv::with_fixture();
    env.run(["mark", "f9zw", "--as", "starred"]).ok();
    env.run(["tag", "f9zw", "splats"]).ok();
    let exported = env.run(["state", "export"]).ok().to_string();

    let other = TestEnv::with_fixture();
    let run = other.run_with_stdin(["state", "import", "-"], exported.as_bytes());
    run.ok();
    assert!(
        run.stderr.contains("imported the triage state of 1 paper"),
        "{}",
        run.stderr
    );
    let starred = listed(&other, &["--status", "starred"]);
    assert_eq!(starred[0]["id"], "f9zwrgn90s");
    assert_eq!(starred[0]["tags"], serde_json::json!(["splats"]));
    other
        .run_with_stdin(["state", "import", "-"], b"{oops")
        .fails(1, "not a triage state");
}
