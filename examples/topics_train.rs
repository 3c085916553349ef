//! Trains the topic model and rewrites `src/topics/data/model.tsv`:
//! `cargo run --example topics_train` (add `-- --check` to only compare with the shipped
//! file). Reads the titles of `tests/fixtures/topics/eval.tsv` and
//! `tests/fixtures/topics/real/tuning.tsv`; the two holdout sets stay out of training.

use std::process::ExitCode;

use ainews_tui::topics::train::train;

fn main() -> ExitCode {
    let root = env!("CARGO_MANIFEST_DIR");
    let check = std::env::args().any(|arg| arg == "--check");
    let items = match ainews_tui::cmd::topics::training_items(root) {
        Ok(items) => items,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    let rules = ainews_tui::topics::classify::Classifier::builtin().rules_only();
    let trained = train(&rules, &items);
    println!(
        "{} headlines, {} features; undecided by the rules (us, china, both, other): {:?}",
        items.len(),
        trained.features,
        trained.undecided
    );
    for trial in &trained.trials {
        println!(
            "alpha {:.2}  threshold {:.2}  gained {:>3}  lost {:>3}",
            trial.alpha,
            trial.threshold as f32 / 100.0,
            trial.gained,
            trial.lost
        );
    }
    println!(
        "chosen: alpha {:.2}, threshold {:.2}",
        trained.chosen.alpha,
        trained.chosen.threshold as f32 / 100.0
    );
    let path = format!("{root}/src/topics/data/model.tsv");
    if check {
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        if shipped == trained.file {
            println!("{path} is up to date");
            return ExitCode::SUCCESS;
        }
        eprintln!("{path} differs from a fresh training; run `cargo run --example topics_train`");
        return ExitCode::FAILURE;
    }
    if let Err(err) = std::fs::write(&path, &trained.file) {
        eprintln!("writing {path}: {err}; check that the source tree is writable");
        return ExitCode::from(2);
    }
    println!("wrote {path}");
    ExitCode::SUCCESS
}
