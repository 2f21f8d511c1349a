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
