//! The headline strip a sponsor reads first: where maturity stands against the targets,
//! how the OKRs are doing, and what needs attention.

use govtrack_okr::KrStatus;
use maud::{Markup, html};

use super::initiatives::needing_attention;
use super::view::OrgView;

/// Four headline cards.
pub fn summary(view: &OrgView) -> Markup {
    let caps = &view.capabilities;
    let targets: Vec<_> = caps
        .iter()
        .filter_map(|c| c.target.as_ref().map(|t| c.level >= t.level))
        .collect();
    let met = targets.iter().filter(|m| **m).count();
    let mean = caps.iter().map(|c| f64::from(c.level)).sum::<f64>() / caps.len().max(1) as f64;
    let above_initial = caps.iter().filter(|c| c.level > 100).count();
    let krs: Vec<KrStatus> = (view.objectives.iter())
        .flat_map(|o| o.key_results.iter().map(|k| k.status))
        .collect();
    let good = krs
        .iter()
        .filter(|s| matches!(s, KrStatus::Done | KrStatus::OnTrack))
        .count();
    let bad = krs
        .iter()
        .filter(|s| matches!(s, KrStatus::AtRisk | KrStatus::OffTrack | KrStatus::Overdue))
        .count();
    let attention = needing_attention(&view.initiatives);
    let stalled = attention.iter().filter(|i| i.stalled).count();
    let silenced = view.alerts.iter().filter(|a| a.silenced).count();
    html! {
        section .summary aria-label="Summary" {
            div .stat {
                span .stat-num { (format!("{mean:.0}")) }
                span .stat-label { "average level (100–500) · " (above_initial) " of " (caps.len()) " capabilities above 100" }
            }
            div .stat {
                span .stat-num { (met) "/" (targets.len()) }
                span .stat-label { "targets met" }
            }
            div class={ "stat" @if bad > 0 { " warn" } } {
                span .stat-num { (good) "/" (krs.len()) }
                span .stat-label { "key results on track or done" @if bad > 0 { " · " (bad) " at risk, off track or overdue" } }
            }
            div class={ "stat" @if !attention.is_empty() { " alert" } } {
                span .stat-num { (attention.len()) }
                span .stat-label {
                    "initiatives need attention (" (stalled) " stalled, " (attention.len() - stalled) " blocked)"
                    " · " (view.alerts.len()) " open alerts"
                    @if silenced > 0 { " (" (silenced) " silenced)" }
                }
            }
        }
    }
}
