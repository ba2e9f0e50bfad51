//! The read side's figures, the targets of the issue next to them, and an honest
//! PASS/MISS for each; printed as a table or as JSON.

use std::fmt::Write;

use serde::Serialize;

use super::api_load::Load;
use super::cpu_meter::CpuUse;
use super::sizes::TableSize;
use super::snapshots::SnapshotFacts;
use crate::measure::Tally;
use crate::report::Verdict;

/// Peak RSS the projector should stay under.
pub const RSS_TARGET_MIB: f64 = 200.0;
/// Read model on disk, idle after its catch-up, per million events.
pub const SIZE_TARGET_MIB: f64 = 300.0;
/// Peak RSS of the api.
pub const API_RSS_TARGET_MIB: f64 = 256.0;
/// p99 of the first `GET …/maturity` of every organisation, caches empty.
pub const COLD_P99_TARGET_MS: f64 = 50.0;
/// Catch-up cost per event at the largest size over the smallest.
pub const SCALING_TARGET: f64 = 1.3;
/// api peak RSS at 10 times the events per organisation over the smaller run's.
pub const RSS_GROWTH_TARGET: f64 = 1.5;
/// Processes of the CPU table, in column order.
const PROCESSES: &[&str] = &["projector", "api", "ingest", "nats-server", "bench"];

/// One scenario's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub scenario: &'static str,
    pub name: String,
    /// What `count` and `rate_per_s` count: events or requests.
    pub unit: &'static str,
    pub count: u64,
    pub seconds: f64,
    pub rate_per_s: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p50_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p99_ms: Option<f64>,
    /// Rate divided by the reference rate named in `target`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
    pub target: String,
    pub verdict: Verdict,
    pub errors: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
    /// CPU by process; none where the phase's own bookkeeping would skew it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<CpuUse>,
}

impl Line {
    /// A line with no latency, ratio or errors yet, and the verdict `Baseline`.
    pub fn new(
        scenario: &'static str,
        name: impl Into<String>,
        unit: &'static str,
        count: u64,
        seconds: f64,
    ) -> Line {
        Line {
            scenario,
            name: name.into(),
            unit,
            count,
            seconds,
            rate_per_s: count as f64 / seconds.max(1e-9),
            p50_ms: None,
            p99_ms: None,
            ratio: None,
            target: "baseline".to_owned(),
            verdict: Verdict::Baseline,
            errors: 0,
            first_error: None,
            cpu: None,
        }
    }

    /// Attaches the phase's CPU use.
    pub fn cpu(mut self, cpu: CpuUse) -> Line {
        self.cpu = Some(cpu);
        self
    }

    /// Takes p50, p99 and failures from `tally`.
    pub fn latencies(mut self, tally: &Tally) -> Line {
        if tally.successes() > 0 {
            self.p50_ms = Some(tally.quantile_ms(0.5));
            self.p99_ms = Some(tally.quantile_ms(0.99));
        }
        self.errors += tally.errors();
        if self.first_error.is_none() {
            self.first_error = tally.first_error().map(str::to_owned);
        }
        self
    }

    /// Counts the failures of `tally` (e.g. of a warm-up) without its latencies.
    pub fn latencies_failures(mut self, tally: &Tally) -> Line {
        self.errors += tally.errors();
        if self.first_error.is_none() {
            self.first_error = tally.first_error().map(str::to_owned);
        }
        self
    }

    /// Sets the target, and the verdict (MISS whenever anything failed).
    pub fn judged(mut self, target: impl Into<String>, met: bool) -> Line {
        self.target = target.into();
        self.verdict = Verdict::met(met && self.errors == 0);
        self
    }

    /// Records a failure found outside the tally (e.g. a count that does not add up).
    pub fn failed(mut self, why: String) -> Line {
        self.errors += 1;
        self.first_error.get_or_insert(why);
        if self.verdict == Verdict::Pass {
            self.verdict = Verdict::Miss;
        }
        self
    }
}

/// How the history was made.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryFacts {
    pub events: u64,
    pub orgs: usize,
    pub event_types: usize,
    pub fill_seconds: f64,
    pub fill_events_per_s: f64,
    /// Mean payload of a message on the log (the stored event's JSON).
    pub mean_stored_event_bytes: f64,
}

/// Details of (c) that qualify its figures.
#[derive(Debug, Clone, Serialize)]
pub struct FreshnessFacts {
    pub samples: u64,
    pub sample_every: u64,
    pub probe_interval_ms: f64,
    pub probes_per_s: f64,
    pub probe_p50_ms: f64,
    pub ack_p50_ms: f64,
    pub ack_p99_ms: f64,
    /// Samples slower than 50 ms: (seconds into the run when acknowledged, ms).
    pub slow_samples: Vec<(f64, f64)>,
}

/// The first pass of a (d) run over every organisation once, caches cold.
#[derive(Debug, Clone, Serialize)]
pub struct ColdPass {
    pub scenario: &'static str,
    pub requests: u64,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl ColdPass {
    /// The figures of `pass`.
    pub fn new(scenario: &'static str, pass: &Load) -> ColdPass {
        ColdPass {
            scenario,
            requests: pass.requests,
            seconds: pass.elapsed.as_secs_f64(),
            p50_ms: pass.tally.quantile_ms(0.5),
            p99_ms: pass.tally.quantile_ms(0.99),
        }
    }
}

/// Everything one run measured.
#[derive(Debug, Clone, Serialize)]
pub struct ReadReport {
    pub cpus: usize,
    pub nats_server: String,
    pub load_average_at_start: f64,
    pub history: HistoryFacts,
    pub scenarios: Vec<Line>,
    pub freshness: FreshnessFacts,
    pub projector_peak_rss_mib: f64,
    pub rss_target_mib: f64,
    pub rss_verdict: Verdict,
    pub api_peak_rss_mib: f64,
    pub cold_passes: Vec<ColdPass>,
    pub read_model_bytes: u64,
    pub read_model_mib_per_million_events: f64,
    pub raw_sqlite_mib_per_million_events: f64,
    /// (a3)'s tables, per million events.
    pub raw_lean_mib_per_million_events: f64,
    /// How long the projector was idle before the read model was measured.
    pub idle_seconds: u64,
    /// The read model's files after the projector was idle for `idle_seconds`.
    pub idle_read_model_bytes: u64,
    pub idle_mib_per_million_events: f64,
    pub idle_verdict: Verdict,
    /// Each table's and index's pages (`dbstat`), idle.
    pub tables: Vec<TableSize>,
    /// The projector's maturity snapshots, written before the api started.
    pub snapshots: SnapshotFacts,
    pub api_rss_verdict: Verdict,
}

impl ReadReport {
    /// (b)'s wall time per event, in microseconds.
    pub fn catchup_us_per_event(&self) -> Option<f64> {
        let b = self.scenarios.iter().find(|l| l.scenario == "b")?;
        Some(b.seconds / b.count.max(1) as f64 * 1e6)
    }

    /// The projector's CPU per event in (b), in microseconds.
    pub fn catchup_cpu_us_per_event(&self) -> Option<f64> {
        let b = self.scenarios.iter().find(|l| l.scenario == "b")?;
        b.cpu.as_ref()?.us_per_unit.get("projector").copied()
    }

    /// The cold first pass of (d1), the maturity route.
    fn cold_maturity(&self) -> Option<&ColdPass> {
        self.cold_passes.iter().find(|p| p.scenario == "d1")
    }
}

/// One run per `--events` size, and how the figures grow between them.
#[derive(Debug, Clone, Serialize)]
pub struct ReadSeries {
    pub runs: Vec<ReadReport>,
    /// Catch-up wall time per event at the largest size over the smallest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catchup_cost_growth: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catchup_cost_verdict: Option<Verdict>,
    /// api peak RSS at the largest size over the smallest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_rss_growth: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_rss_verdict: Option<Verdict>,
}

impl ReadSeries {
    /// The first failure of any run, naming its size.
    pub fn first_failure(&self) -> Option<String> {
        (self.runs.iter()).find_map(|run| {
            let failure = run.first_failure()?;
            Some(format!("{} events: {failure}", run.history.events))
        })
    }

    /// The series of `runs`, compared when there are two sizes or more.
    pub fn new(runs: Vec<ReadReport>) -> ReadSeries {
        let smallest = runs.iter().min_by_key(|r| r.history.events);
        let largest = runs.iter().max_by_key(|r| r.history.events);
        let (mut cost, mut rss) = (None, None);
        if let (Some(s), Some(l)) = (smallest, largest)
            && l.history.events > s.history.events
        {
            cost = l
                .catchup_us_per_event()
                .zip(s.catchup_us_per_event())
                .map(|(l, s)| l / s);
            rss = Some(l.api_peak_rss_mib / s.api_peak_rss_mib.max(1e-9));
        }
        ReadSeries {
            catchup_cost_verdict: cost.map(|c| Verdict::met(c <= SCALING_TARGET)),
            api_rss_verdict: rss.map(|r| Verdict::met(r <= RSS_GROWTH_TARGET)),
            catchup_cost_growth: cost,
            api_rss_growth: rss,
            runs,
        }
    }

    /// Each run's table, then the comparison.
    pub fn table(&self) -> String {
        let mut out = String::new();
        for run in &self.runs {
            out.push_str(&run.table());
            out.push('\n');
        }
        if self.runs.len() > 1 {
            let _ = writeln!(out, "scaling over the runs (each on a fresh log):");
            for run in &self.runs {
                let _ = writeln!(
                    out,
                    "  {:>9} events / {} orgs: catch-up {:.2} us per event wall, {:.2} us projector CPU; api peak RSS {:.1} MiB; read model idle {:.1} MiB per million",
                    run.history.events,
                    run.history.orgs,
                    run.catchup_us_per_event().unwrap_or(f64::NAN),
                    run.catchup_cpu_us_per_event().unwrap_or(f64::NAN),
                    run.api_peak_rss_mib,
                    run.idle_mib_per_million_events
                );
            }
        }
        if let (Some(g), Some(v)) = (self.catchup_cost_growth, self.catchup_cost_verdict) {
            let _ = writeln!(
                out,
                "catch-up cost per event, largest over smallest: {g:.2}    target <= {SCALING_TARGET}    {}",
                v.label()
            );
        }
        if let (Some(g), Some(v)) = (self.api_rss_growth, self.api_rss_verdict) {
            let _ = writeln!(
                out,
                "api peak RSS, largest over smallest: {g:.2}    target <= {RSS_GROWTH_TARGET}    {}",
                v.label()
            );
        }
        out
    }
}

impl ReadReport {
    /// The human-readable table.
    pub fn table(&self) -> String {
        let mut out = String::new();
        self.header(&mut out);
        for line in &self.scenarios {
            let ms = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.2}"));
            let _ = writeln!(
                out,
                "{:<40} {:>9} {:>8} {:>8.2} {:>10.0} {:>8} {:>8} {:>6}  {:<31} {}",
                format!("({}) {}", line.scenario, line.name),
                line.unit,
                line.count,
                line.seconds,
                line.rate_per_s,
                ms(line.p50_ms),
                ms(line.p99_ms),
                line.ratio.map_or("-".to_owned(), |r| format!("{r:.2}")),
                line.target,
                line.verdict.label()
            );
        }
        self.footer(&mut out);
        self.cpu_table(&mut out);
        for line in self.scenarios.iter().filter(|l| l.errors > 0) {
            let _ = writeln!(
                out,
                "({}) {} failures; first: {}",
                line.scenario,
                line.errors,
                line.first_error.as_deref().unwrap_or("?")
            );
        }
        out
    }

    /// The first failure of the run, if any (a refused request, an event the projector
    /// did not apply, a sample never seen): the bench fails on it.
    pub fn first_failure(&self) -> Option<String> {
        let line = self.scenarios.iter().find(|l| l.errors > 0)?;
        Some(format!(
            "({}) {} failures; first: {}",
            line.scenario,
            line.errors,
            line.first_error.as_deref().unwrap_or("?")
        ))
    }

    fn header(&self, out: &mut String) {
        let h = &self.history;
        let _ = writeln!(
            out,
            "govtrack read benchmark: {} CPUs (load average {:.2} at start), {}, loopback, file storage, 1 replica",
            self.cpus, self.load_average_at_start, self.nats_server
        );
        let _ = writeln!(
            out,
            "history: {} events over {} orgs, all {} event types, {:.0} bytes per stored event; published to the log in {:.1} s ({:.0} events/s, not a target)",
            h.events,
            h.orgs,
            h.event_types,
            h.mean_stored_event_bytes,
            h.fill_seconds,
            h.fill_events_per_s
        );
        let _ = writeln!(
            out,
            "{:<40} {:>9} {:>8} {:>8} {:>10} {:>8} {:>8} {:>6}  {:<31} result",
            "scenario", "unit", "count", "seconds", "rate/s", "p50 ms", "p99 ms", "ratio", "target",
        );
    }

    fn footer(&self, out: &mut String) {
        let f = &self.freshness;
        let _ = writeln!(
            out,
            "projector peak RSS (VmHWM): {:.1} MiB    target < {RSS_TARGET_MIB} MiB    {}",
            self.projector_peak_rss_mib,
            self.rss_verdict.label(),
        );
        let _ = writeln!(
            out,
            "api peak RSS (VmHWM): {:.1} MiB    target <= {API_RSS_TARGET_MIB} MiB    {}",
            self.api_peak_rss_mib,
            self.api_rss_verdict.label()
        );
        if let Some(cold) = self.cold_maturity() {
            let _ = writeln!(
                out,
                "(d1) first GET .../maturity of each org, caches empty: p50 {:.2} ms, p99 {:.2} ms    target p99 < {COLD_P99_TARGET_MS} ms    {}",
                cold.p50_ms,
                cold.p99_ms,
                Verdict::met(cold.p99_ms < COLD_P99_TARGET_MS).label()
            );
        }
        let _ = writeln!(
            out,
            "read model idle {} s after catch-up and snapshots: {:.1} MiB (database + -wal + -shm) = {:.1} MiB per million events    target <= {SIZE_TARGET_MIB}    {}",
            self.idle_seconds,
            self.idle_read_model_bytes as f64 / 1_048_576.0,
            self.idle_mib_per_million_events,
            self.idle_verdict.label()
        );
        let per_million = |b: u64| b as f64 / 1_048_576.0 / self.history.events.max(1) as f64 * 1e6;
        let tables: Vec<String> = (self.tables.iter())
            .map(|t| format!("{} {:.1}", t.name, per_million(t.bytes)))
            .collect();
        let _ = writeln!(
            out,
            "  per table and index (dbstat), MiB per million events: {}",
            tables.join(", ")
        );
        let _ = writeln!(
            out,
            "  maturity snapshots (idle projector, before the api started): {} ({:.1} MiB of text), none pending {:.1} s after catch-up",
            self.snapshots.count,
            self.snapshots.bytes as f64 / 1_048_576.0,
            self.snapshots.seconds
        );
        let _ = writeln!(
            out,
            "read model right after catch-up: {:.1} MiB (database + -wal + -shm) = {:.1} MiB per million events; raw (a2) table: {:.1}, raw (a3) tables: {:.1} MiB per million",
            self.read_model_bytes as f64 / 1_048_576.0,
            self.read_model_mib_per_million_events,
            self.raw_sqlite_mib_per_million_events,
            self.raw_lean_mib_per_million_events
        );
        let _ = writeln!(
            out,
            "(b) ratio is to min(a1, a3); (d) ratio is to (d0), the same api's /healthz with the same clients"
        );
        let _ = writeln!(
            out,
            "(c) {} samples (every {}th acknowledged event), each probed every {} ms until visible: {:.0} probes/s, probe round trip p50 {:.2} ms; ingest ack p50 {:.2} ms, p99 {:.2} ms",
            f.samples,
            f.sample_every,
            f.probe_interval_ms,
            f.probes_per_s,
            f.probe_p50_ms,
            f.ack_p50_ms,
            f.ack_p99_ms
        );
        for pass in &self.cold_passes {
            let _ = writeln!(
                out,
                "({}) first pass, every org once with cold caches (untimed warm-up): {} requests in {:.2} s, p50 {:.2} ms, p99 {:.2} ms",
                pass.scenario, pass.requests, pass.seconds, pass.p50_ms, pass.p99_ms
            );
        }
        if !f.slow_samples.is_empty() {
            let worst = f.slow_samples.iter().map(|s| s.1).fold(0.0, f64::max);
            let _ = writeln!(
                out,
                "(c) {} samples over 50 ms (worst {worst:.0} ms), acknowledged at {}",
                f.slow_samples.len(),
                episodes(&f.slow_samples)
            );
        }
    }

    /// Where the CPU went: microseconds per event or request by process, and the share
    /// of the machine's cores our processes and all others kept busy.
    fn cpu_table(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "CPU: microseconds per event or request by process; ours/others: share of all cores busy with our processes / with every other process"
        );
        let _ = write!(out, "{:<40}", "CPU us per unit");
        for name in PROCESSES {
            let _ = write!(out, " {name:>11}");
        }
        let _ = writeln!(out, " {:>8} {:>8}", "ours", "others");
        for line in &self.scenarios {
            let _ = write!(out, "{:<40}", format!("({}) {}", line.scenario, line.name));
            let Some(cpu) = &line.cpu else {
                let _ = writeln!(
                    out,
                    " not measured (untimed row building shares the bench's CPU)"
                );
                continue;
            };
            for name in PROCESSES {
                match cpu.us_per_unit.get(name) {
                    Some(us) => {
                        let _ = write!(out, " {us:>11.1}");
                    }
                    None => {
                        let _ = write!(out, " {:>11}", "-");
                    }
                }
            }
            let _ = writeln!(
                out,
                " {:>7.0}% {:>7.0}%",
                cpu.machine_busy * 100.0,
                cpu.others_busy * 100.0
            );
        }
    }
}

/// Slow samples grouped into episodes (samples less than a second apart): `4.1-4.3 s,
/// 12.0 s`, at most eight.
fn episodes(slow: &[(f64, f64)]) -> String {
    let mut spans: Vec<(f64, f64)> = Vec::new();
    for &(at, _) in slow {
        match spans.last_mut() {
            Some(span) if at - span.1 < 1.0 => span.1 = at,
            _ => spans.push((at, at)),
        }
    }
    let shown: Vec<String> = spans
        .iter()
        .take(8)
        .map(|&(from, to)| {
            if to - from < 0.05 {
                format!("{from:.1} s")
            } else {
                format!("{from:.1}-{to:.1} s")
            }
        })
        .collect();
    let more = spans.len().saturating_sub(8);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
