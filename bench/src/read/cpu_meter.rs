//! CPU time of every process of the read run (projector, api, ingest, nats-server and
//! the bench itself) per phase, from `/proc/<pid>/stat`: on a 2-core machine they all
//! compete for the same cores, and this shows which one a phase's work cost. The
//! machine's total from `/proc/stat` shows how much other processes took meanwhile (a
//! run on a busy machine is not comparable with one on an idle machine).

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use crate::cpu::{clock_ticks_per_s, cpu_count, process_cpu_time};

/// The processes watched so far.
pub struct CpuMeter {
    processes: Vec<(&'static str, String)>,
    ticks_per_s: f64,
}

/// CPU time each watched process had used at one moment.
#[derive(Debug, Clone)]
pub struct CpuReading {
    used: BTreeMap<&'static str, Duration>,
    machine: Option<Duration>,
}

/// CPU use of one phase.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CpuUse {
    /// CPU microseconds per unit of work (event or request), by process.
    pub us_per_unit: BTreeMap<&'static str, f64>,
    /// Share of all cores the watched processes kept busy.
    pub machine_busy: f64,
    /// Share of all cores every other process kept busy.
    pub others_busy: f64,
}

impl CpuMeter {
    /// Watches the bench itself.
    pub fn new() -> CpuMeter {
        CpuMeter {
            processes: vec![("bench", "self".to_owned())],
            ticks_per_s: clock_ticks_per_s(),
        }
    }

    /// Watches `pid` as `name` from now on.
    pub fn watch(&mut self, name: &'static str, pid: u32) {
        self.processes.push((name, pid.to_string()));
    }

    /// CPU time so far of every watched process that is still running.
    pub fn sample(&self) -> CpuReading {
        let used = self
            .processes
            .iter()
            .filter_map(|(name, pid)| Some((*name, process_cpu_time(pid, self.ticks_per_s).ok()?)))
            .collect();
        CpuReading {
            used,
            machine: machine_busy_time(self.ticks_per_s),
        }
    }

    /// Use between `before` and now over `units` of work done in `elapsed`; a process
    /// started in between counts from zero.
    pub fn since(&self, before: &CpuReading, units: u64, elapsed: Duration) -> CpuUse {
        let now = self.sample();
        let spent: BTreeMap<&'static str, Duration> = now
            .used
            .iter()
            .map(|(name, at)| {
                let earlier = before.used.get(name).copied().unwrap_or_default();
                (*name, at.saturating_sub(earlier))
            })
            .collect();
        let total: Duration = spent.values().sum();
        let capacity = elapsed.as_secs_f64() * cpu_count() as f64;
        let machine = match (before.machine, now.machine) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => total,
        };
        CpuUse {
            us_per_unit: spent
                .into_iter()
                .map(|(name, d)| (name, d.as_secs_f64() * 1e6 / units.max(1) as f64))
                .collect(),
            machine_busy: total.as_secs_f64() / capacity,
            others_busy: (machine.saturating_sub(total)).as_secs_f64() / capacity,
        }
    }
}

/// Time all CPUs spent neither idle nor waiting for I/O since boot (`/proc/stat`).
fn machine_busy_time(ticks_per_s: f64) -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<u64> = stat
        .lines()
        .next()?
        .strip_prefix("cpu ")?
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal (guest time is inside user).
    let busy: u64 = fields.iter().take(8).sum::<u64>() - fields.get(3)? - fields.get(4)?;
    Some(Duration::from_secs_f64(busy as f64 / ticks_per_s))
}
