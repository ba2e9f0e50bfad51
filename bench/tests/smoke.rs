//! `govtrack-bench ingest` and `govtrack-bench read` at tiny sizes, as the test
//! command's build made them (the `govtrack` binary beside the bench's own).

use std::process::Command;

const BENCH: &str = env!("CARGO_BIN_EXE_govtrack-bench");

/// Runs the bench with `args`: its report, or a panic with what it printed.
fn run(args: &[&str]) -> String {
    let out = Command::new(BENCH)
        .args(args)
        .env_remove("GOVTRACK_NATS_URL")
        .output()
        .expect("the bench starts");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "govtrack-bench {} failed ({}):\n{stdout}\n{stderr}",
        args.join(" "),
        out.status
    );
    stdout
}

fn assert_scenarios(report: &str, scenarios: &[&str]) {
    for scenario in scenarios {
        assert!(
            report.lines().any(|l| l.starts_with(scenario)),
            "no {scenario:?} line in the report:\n{report}"
        );
    }
}

#[test]
fn the_ingest_bench_runs_every_scenario_with_nothing_refused() {
    let report = run(&["ingest", "--events", "2000"]);
    assert_scenarios(
        &report,
        &[
            "(a) raw JetStream publish",
            "(b) HTTP batch",
            "(c) HTTP single",
            "(d) NATS request",
            "ingest peak RSS",
        ],
    );
}

#[test]
fn the_read_bench_runs_every_scenario_with_nothing_refused() {
    let report = run(&[
        "read",
        "--events",
        "2000",
        "--orgs",
        "2",
        "--freshness-secs",
        "1",
        "--load-secs",
        "1",
        "--idle-secs",
        "0",
    ]);
    assert_scenarios(
        &report,
        &[
            "(a1) raw ordered-consumer replay",
            "(b) projector catch-up",
            "(c) freshness",
            "(d1) GET /v1/orgs/{org}/maturity",
            "(d2) GET /v1/orgs/{org}/okrs",
            "projector peak RSS",
            "api peak RSS",
        ],
    );
    assert!(
        report.contains("maturity snapshots (idle projector, before the api started): 2 "),
        "both organisations are saved:\n{report}"
    );
}
