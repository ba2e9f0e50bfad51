//! `govtrack projector [rebuild]`.

use std::process::ExitCode;

use govtrack_bus::Bus;
use govtrack_projector::Settings;

use crate::cli::{ProjectorAction, ProjectorArgs};

pub async fn run(args: ProjectorArgs) -> anyhow::Result<ExitCode> {
    let client = govtrack_bus::connect(&args.nats.settings("govtrack-projector")?).await?;
    let bus = Bus::new(client, &args.stream.settings()).await?;
    let mut settings = Settings::new(&args.data.data_dir);
    settings.http_addr = args.http_addr;
    let shutdown = govtrack_runtime::shutdown_on_signals();
    match args.action {
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
