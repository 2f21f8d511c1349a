//! `papers digest`: the inbox's best as Markdown (or JSON), and `--since-last` for what no earlier
//! digest showed.

use crate::util::*;

#[test]
fn the_digest_is_markdown_with_every_paper() {
    let env = TestEnv::with_fixture();
    let text = env.run(["digest", "--limit", "100"]).ok().to_string();
    let today = time::OffsetDateTime::now_utc().date();
    assert!(
        text.starts_with(&format!("# Papers digest, {today}\n\n45 new papers, best first.\n")),
        "{text}"
    );
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.len(), FIXTURE_PAPERS);
    for expected in expected() {
        let escaped: String = expected
            .title
            .chars()
            .flat_map(|c| {
                if "\\`*_[]<>#|".contains(c) {
                    vec!['\\', c]
                } else {
                    vec![c]
                }
            })
            .collect();
        assert!(
            headings.iter().any(|h| h.ends_with(&format!(". {escaped}"))),
            "{}",
            expected.title
        );
    }
    // Each paper's first sentence, and its links: the saved page gives no arXiv id, so the
    // paper is found on Hugging Face by its title; the code link is the repository.
    assert!(text.contains(
        "## 1. ShapeSplat: A Large-scale Dataset of Gaussian Splats and Their Self-Supervised Pretraining\n\n\
         3D Gaussian Splatting (3DGS) has become the de facto method of 3D representation in many vision tasks.\n"
    ));
    assert!(text.contains(
        "- **Links:** [find on Hugging Face](<https://huggingface.co/papers?q=BECLR%3A%20Batch%20Enhanced%20\
         Contrastive%20Few-Shot%20Learning>) · [code](<https://github.com/stypoumic/BECLR>)\n"
    ));
    let json = env.run(["digest", "--limit", "3", "--format", "json"]).json();
    assert_eq!(json.as_array().unwrap().len(), 3);
}

#[test]
fn digest_since_last_leaves_out_what_an_earlier_digest_showed() {
    let env = TestEnv::with_fixture();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["digest", "--format", "json"];
        all.extend_from_slice(args);
        ids_in(&env.run(all).json_array())
    };
    let first = ids(&["-n", "3"]);
    let next = ids(&["-n", "3", "--since-last"]);
    assert_eq!(next.len(), 3);
    assert!(next.iter().all(|id| !first.contains(id)), "{first:?} {next:?}");
    // Without --since-last the digest is the inbox's best, shown before or not.
    assert_eq!(ids(&["-n", "3"]), first);
    let rest = ids(&["-n", "100", "--since-last"]);
    assert_eq!(rest.len(), FIXTURE_PAPERS - 6);
    let empty = env.run(["digest", "--since-last"]);
    assert!(
        empty.stderr.contains("nothing new since the last digest"),
        "{}",
        empty.stderr
    );
    // Showing a paper is not a decision: the inbox still has every paper, undo has nothing.
    assert_eq!(triage(&env, &[]).len(), FIXTURE_PAPERS);
    assert!(env.run(["undo"]).stderr.contains("nothing to undo"));
}
