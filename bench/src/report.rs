//! The figures, the targets of issue 3 next to them, and an honest PASS/MISS for each;
//! printed as a table or as JSON.

use std::fmt::Write;

use serde::Serialize;

use crate::cpu::CpuPerEvent;
use crate::measure::Outcome;

/// Peak RSS the ingest process should stay under.
pub const RSS_TARGET_MIB: f64 = 64.0;

/// What a scenario is expected to reach.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// The reference every other rate is divided by.
    Baseline,
    /// At least this share of the baseline rate.
    Ratio(f64),
    /// At least this share of the baseline rate, and p99 under this many ms.
    RatioAndP99(f64, f64),
    /// At least `share` of another scenario's rate (given as its ratio to (a)).
    ShareOf {
        share: f64,
        scenario: &'static str,
        its_ratio: f64,
    },
}

impl Target {
    fn describe(self) -> String {
        match self {
            Target::Baseline => "baseline".to_owned(),
            Target::Ratio(r) => format!(">= {r:.1}x(a)"),
            Target::RatioAndP99(r, ms) => format!(">= {r:.1}x(a), p99 < {ms} ms"),
            Target::ShareOf {
                share, scenario, ..
            } => format!(">= {share:.1}x({scenario})"),
        }
    }

    fn verdict(self, ratio: f64, p99_ms: f64) -> Verdict {
        let met = match self {
            Target::Baseline => return Verdict::Baseline,
            Target::Ratio(r) => ratio >= r,
            Target::RatioAndP99(r, ms) => ratio >= r && p99_ms < ms,
            Target::ShareOf {
                share, its_ratio, ..
            } => ratio >= share * its_ratio,
        };
        if met { Verdict::Pass } else { Verdict::Miss }
    }
}

/// Whether a figure met its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Verdict {
    Pass,
    Miss,
    Baseline,
}

impl Verdict {
    /// `Pass` when `met`, else `Miss`.
    pub fn met(met: bool) -> Verdict {
        if met { Verdict::Pass } else { Verdict::Miss }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "PASS",
            Verdict::Miss => "MISS",
            Verdict::Baseline => "-",
        }
    }
}

/// One scenario's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub scenario: &'static str,
    pub name: &'static str,
    pub events: u64,
    pub requests: u64,
    pub errors: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
    pub seconds: f64,
    pub events_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub ratio_to_a: f64,
    pub target: String,
    pub verdict: Verdict,
    pub cpu_per_event: CpuPerEvent,
}

impl Row {
    /// The row of `outcome`; `baseline` is (a)'s rate (`None` for (a) itself).
    pub fn new(
        scenario: &'static str,
        name: &'static str,
        target: Target,
        outcome: &Outcome,
        baseline: Option<f64>,
    ) -> Row {
        let seconds = outcome.elapsed.as_secs_f64();
        let events_per_s = outcome.events as f64 / seconds;
        let ratio = events_per_s / baseline.unwrap_or(events_per_s);
        let p99_ms = outcome.tally.quantile_ms(0.99);
        let errors = outcome.tally.errors();
        let verdict = match target.verdict(ratio, p99_ms) {
            _ if errors > 0 => Verdict::Miss,
            v => v,
        };
        Row {
            scenario,
            name,
            events: outcome.events,
            requests: outcome.tally.successes() + errors,
            errors,
            first_error: outcome.tally.first_error().map(str::to_owned),
            seconds,
            events_per_s,
            p50_ms: outcome.tally.quantile_ms(0.5),
            p99_ms,
            ratio_to_a: ratio,
            target: target.describe(),
            verdict,
            cpu_per_event: outcome.cpu,
        }
    }
}

/// Everything one run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub cpus: usize,
    pub nats_server: String,
    pub load_average_at_start: f64,
    pub scenarios: Vec<Row>,
    pub ingest_peak_rss_mib: f64,
    pub rss_target_mib: f64,
    pub rss_verdict: Verdict,
}

impl Report {
    /// A report with the RSS verdict worked out.
    pub fn new(
        nats_server: String,
        load_average_at_start: f64,
        scenarios: Vec<Row>,
        ingest_peak_rss_mib: f64,
    ) -> Report {
        Report {
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            nats_server,
            load_average_at_start,
            scenarios,
            ingest_peak_rss_mib,
            rss_target_mib: RSS_TARGET_MIB,
            rss_verdict: if ingest_peak_rss_mib < RSS_TARGET_MIB {
                Verdict::Pass
            } else {
                Verdict::Miss
            },
        }
    }

    /// The first refused request (or uncounted event) of the run, if any: such a run
    /// measured refusals, not ingest, and the bench fails.
    pub fn first_failure(&self) -> Option<String> {
        let row = self.scenarios.iter().find(|r| r.errors > 0)?;
        Some(format!(
            "({}) {} of {} requests failed; first: {}",
            row.scenario,
            row.errors,
            row.requests,
            row.first_error.as_deref().unwrap_or("?")
        ))
    }

    /// The human-readable table.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "govtrack ingest benchmark: {} CPUs (load average {:.2} at start), {}, loopback, file storage, 1 replica",
            self.cpus, self.load_average_at_start, self.nats_server
        );
        let _ = writeln!(
            out,
            "{:<36} {:>8} {:>8} {:>10} {:>8} {:>8} {:>6}  {:<27} result",
            "scenario", "events", "seconds", "events/s", "p50 ms", "p99 ms", "ratio", "target",
        );
        for row in &self.scenarios {
            let _ = writeln!(
                out,
                "{:<36} {:>8} {:>8.2} {:>10.0} {:>8.2} {:>8.2} {:>6.2}  {:<27} {}",
                format!("({}) {}", row.scenario, row.name),
                row.events,
                row.seconds,
                row.events_per_s,
                row.p50_ms,
                row.p99_ms,
                row.ratio_to_a,
                row.target,
                row.verdict.label()
            );
        }
        let _ = writeln!(
            out,
            "ingest peak RSS (VmHWM): {:.1} MiB    target < {RSS_TARGET_MIB} MiB    {}",
            self.ingest_peak_rss_mib,
            self.rss_verdict.label()
        );
        let _ = writeln!(
            out,
            "latency: (a) per message, publish to ack; (b) per 1,000-event request; (c), (d), (e) per request"
        );
        self.cpu_table(&mut out);
        for row in self.scenarios.iter().filter(|r| r.errors > 0) {
            let _ = writeln!(
                out,
                "({}) {} of {} requests failed; first: {}",
                row.scenario,
                row.errors,
                row.requests,
                row.first_error.as_deref().unwrap_or("?")
            );
        }
        out
    }

    /// Where the CPU went: microseconds per event by process, and how busy the
    /// machine was.
    fn cpu_table(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "{:<36} {:>10} {:>12} {:>10} {:>13}",
            "CPU per event (us)", "ingest", "nats-server", "bench", "machine busy"
        );
        for row in &self.scenarios {
            let cpu = row.cpu_per_event;
            let _ = writeln!(
                out,
                "{:<36} {:>10.1} {:>12.1} {:>10.1} {:>12.0}%",
                format!("({}) {}", row.scenario, row.name),
                cpu.ingest_us,
                cpu.nats_server_us,
                cpu.bench_us,
                cpu.machine_busy * 100.0
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::measure::Tally;

    fn outcome(refusals: &[&str]) -> Outcome {
        let mut tally = Tally::new();
        tally.record(Instant::now());
        for why in refusals {
            tally.fail(why);
        }
        Outcome {
            events: 10,
            elapsed: Duration::from_millis(10),
            tally,
            cpu: CpuPerEvent::default(),
        }
    }

    fn report(rows: Vec<Row>) -> Report {
        Report::new("nats-server".to_owned(), 0.0, rows, 10.0)
    }

    #[test]
    fn a_run_with_a_refused_request_fails_with_the_first_refusal() {
        let clean = Row::new("a", "raw", Target::Baseline, &outcome(&[]), None);
        let refused = outcome(&["HTTP 400: no capability", "HTTP 400: later"]);
        let refused = Row::new("c", "single", Target::Ratio(0.4), &refused, Some(1.0));
        let failure = report(vec![clean, refused]).first_failure().unwrap();
        assert_eq!(
            failure,
            "(c) 2 of 3 requests failed; first: HTTP 400: no capability"
        );
    }

    #[test]
    fn a_run_that_only_misses_its_targets_does_not_fail() {
        let slow = Row::new(
            "c",
            "single",
            Target::Ratio(100.0),
            &outcome(&[]),
            Some(1e9),
        );
        assert_eq!(slow.verdict, Verdict::Miss);
        assert_eq!(report(vec![slow]).first_failure(), None);
    }
}
