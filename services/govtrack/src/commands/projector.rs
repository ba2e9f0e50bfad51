//! `govtrack projector [rebuild]`.

use std::process::ExitCode;

use crate::cli::{ProjectorAction, ProjectorCommand};

pub async fn run(command: ProjectorCommand) -> anyhow::Result<ExitCode> {
    let ProjectorCommand { action, args } = command;
    let bus = args.bus().await?;
    let settings = args.settings()?;
    let shutdown = govtrack_runtime::shutdown_on_signals();
    match action {
        None => govtrack_projector::run(settings, bus, shutdown).await?,
        Some(ProjectorAction::Rebuild) => {
            let report = govtrack_projector::rebuild(&settings, &bus, shutdown).await?;
            println!(
                "rebuilt generation {} up to sequence {} in {:.1} s: {}",
                report.generation,
                report.sequence,
                report.elapsed.as_secs_f64(),
                report.path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
