//! CPU time used by each process of a run (ingest, nats-server, the bench's own
//! clients), from `/proc/<pid>/stat`: on a small machine the three compete for the
//! same cores, and this shows which one a scenario's events cost.

use std::time::Duration;

use anyhow::Context;
use nix::unistd::{SysconfVar, sysconf};
use serde::Serialize;

/// The processes to watch.
pub struct CpuClock {
    ingest: u32,
    nats_server: u32,
    ticks_per_s: f64,
}

/// CPU time each process had used at one moment.
#[derive(Debug, Clone, Copy)]
pub struct CpuSample {
    ingest: Duration,
    nats_server: Duration,
    bench: Duration,
}

/// CPU microseconds per event of a phase, by process.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct CpuPerEvent {
    pub ingest_us: f64,
    pub nats_server_us: f64,
    pub bench_us: f64,
    /// Share of all cores the three kept busy during the phase.
    pub machine_busy: f64,
}

impl CpuClock {
    /// Watches `ingest` and `nats_server` (and this process).
    pub fn new(ingest: u32, nats_server: u32) -> CpuClock {
        CpuClock {
            ingest,
            nats_server,
            ticks_per_s: clock_ticks_per_s(),
        }
    }

    /// CPU time so far.
    pub fn sample(&self) -> anyhow::Result<CpuSample> {
        Ok(CpuSample {
            ingest: self.cpu_time(&self.ingest.to_string())?,
            nats_server: self.cpu_time(&self.nats_server.to_string())?,
            bench: self.cpu_time("self")?,
        })
    }

    /// Per-event use between `before` and now, over `events` and `elapsed`.
    pub fn since(
        &self,
        before: CpuSample,
        events: u64,
        elapsed: Duration,
    ) -> anyhow::Result<CpuPerEvent> {
        let now = self.sample()?;
        let per_event = |a: Duration, b: Duration| (a - b).as_secs_f64() * 1e6 / events as f64;
        let total = (now.ingest + now.nats_server + now.bench)
            - (before.ingest + before.nats_server + before.bench);
        let cpus = cpu_count() as f64;
        Ok(CpuPerEvent {
            ingest_us: per_event(now.ingest, before.ingest),
            nats_server_us: per_event(now.nats_server, before.nats_server),
            bench_us: per_event(now.bench, before.bench),
            machine_busy: total.as_secs_f64() / (elapsed.as_secs_f64() * cpus),
        })
    }

    fn cpu_time(&self, pid: &str) -> anyhow::Result<Duration> {
        process_cpu_time(pid, self.ticks_per_s)
    }
}

/// The kernel's clock ticks per second (`CLK_TCK`), the unit of `/proc/<pid>/stat`.
pub fn clock_ticks_per_s() -> f64 {
    sysconf(SysconfVar::CLK_TCK).ok().flatten().unwrap_or(100) as f64
}

/// CPUs this process may run on.
pub fn cpu_count() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// utime + stime of every thread of `pid` (a number, or `self`).
pub fn process_cpu_time(pid: &str, ticks_per_s: f64) -> anyhow::Result<Duration> {
    let path = format!("/proc/{pid}/stat");
    let stat = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    // utime and stime are fields 14 and 15 of stat: 11 and 12 after the name.
    let (Some(user), Some(system)) = (ticks(11), ticks(12)) else {
        anyhow::bail!("unexpected format of {path}");
    };
    Ok(Duration::from_secs_f64(
        (user + system) as f64 / ticks_per_s,
    ))
}
