//! The alert lifecycle, modelled on Alertmanager: identity by fingerprint of (org,
//! kind, entity); grouped per organisation with a group wait; one notification when an
//! alert starts firing, reminders every repeat interval while it fires, one when it is
//! resolved; silences mute matching alerts. Deciding ([`lifecycle::plan`]) is pure; the
//! store persists the decision and the notification log in one transaction.

mod identity;
pub mod lifecycle;
mod notification;
pub mod sources;
mod timing;

pub use identity::{AlertKey, fingerprint};
pub use lifecycle::{AlertState, Firing, Plan, plan};
pub use notification::{Notice, NoticeStatus, Notification, Reason};
pub use timing::Timing;
