//! The read side's figures, the targets of the issue next to them, and an honest
//! PASS/MISS for each; printed as a table or as JSON.

use std::fmt::Write;

use serde::Serialize;

use super::api_load::Load;
use super::cpu_meter::CpuUse;
use crate::measure::Tally;
use crate::report::Verdict;

/// Peak RSS the projector should stay under.
pub const RSS_TARGET_MIB: f64 = 200.0;
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
            "projector peak RSS (VmHWM): {:.1} MiB    target < {RSS_TARGET_MIB} MiB    {}    (api: {:.1} MiB)",
            self.projector_peak_rss_mib,
            self.rss_verdict.label(),
            self.api_peak_rss_mib
        );
        let _ = writeln!(
            out,
            "read model: {:.1} MiB after catch-up (database + -wal + -shm) = {:.1} MiB per million events; the raw (a2) table alone: {:.1} MiB per million",
            self.read_model_bytes as f64 / 1_048_576.0,
            self.read_model_mib_per_million_events,
            self.raw_sqlite_mib_per_million_events
        );
        let _ = writeln!(
            out,
            "(b) ratio is to min(a1, a2); (d) ratio is to (d0), the same api's /healthz with the same clients"
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
