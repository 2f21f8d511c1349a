//! `papers tag`: ids first, then tags, by the one id rule every command follows.

use crate::util::*;

#[test]
fn one_id_rule_for_every_command() {
    let env = TestEnv::with_fixture();
    // Three characters name a paper in tag as in mark; the last argument is a tag.
    env.run(["tag", "f9z", "4ts", "rl"]).ok();
    env.run(["mark", "f9z", "--as", "later"]).ok();
    let tagged = env.run(["export", "--tag", "rl"]).json_array();
    assert_eq!(sorted_ids(&tagged), ["4tsh03ckgy", "f9zwrgn90s"]);
    // Shorter prefixes name nothing, even where only one id starts so.
    env.run(["show", "mr"]).fails(
        1,
        "too short to name a paper; give at least 3 characters (it would be mrapdfhce2)",
    );
    env.run(["tag", "f9z", "mr", "3d"]).ok();
    let tagged = env.run(["export", "--tag", "mr"]).json_array();
    assert_eq!(
        sorted_ids(&tagged),
        ["f9zwrgn90s"],
        "a short word after the ids is a tag"
    );
    env.run(["tag", "f9zwrgn90s"])
        .fails(2, "give the paper ids, then at least one tag");
    assert!(env
        .run(["tag", "--help"])
        .ok()
        .contains("Usage: papers tag <ID>... <TAG>..."));
}

#[test]
fn the_summary_counts_the_papers_changed_and_says_which_were_not() {
    let env = TestEnv::with_fixture();
    assert_eq!(
        env.run(["tag", "f9z", "4ts", "rl"]).stderr,
        "papers: tagged 2 papers: rl\n"
    );
    assert_eq!(
        env.run(["tag", "f9z", "mra", "rl"]).stderr,
        "papers: tagged 1 paper: rl (1 already had it)\n"
    );
    assert_eq!(
        env.run(["untag", "f9z", "nosuchtag"]).stderr,
        "papers: untagged 0 papers: nosuchtag (1 had no such tag)\n"
    );
    assert_eq!(
        env.run(["untag", "f9z", "4ts", "mra", "rl", "nosuchtag"]).stderr,
        "papers: untagged 3 papers: rl, nosuchtag\n"
    );
}

#[test]
fn the_state_commands_name_a_missing_index_and_a_file_given_as_one() {
    let env = TestEnv::new();
    env.run(["undo"]).fails(1, "no index at");
    let file = env.write("a-file", "not a directory");
    for args in [vec!["undo"], vec!["profile"], vec!["state", "export"]] {
        let run = env
            .bare_command()
            .arg("--index")
            .arg(&file)
            .args(&args)
            .output()
            .unwrap();
        Run::from_output(run).fails(1, "is a file, not an index directory");
    }
}
