//! When jobs run: cron expressions in an IANA time zone ([`JobSchedule`]) and the
//! coalescing rule for runs missed during downtime ([`JobSchedule::due`]).

mod expression;

pub use expression::{Due, JobSchedule, ScheduleError};
