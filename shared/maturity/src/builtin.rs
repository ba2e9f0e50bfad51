//! The models shipped with the crate, read from the TOML files under `models/`.

use crate::model::Model;

const BUILTINS: [(&str, &str, &str); 2] = [
    (
        "2025",
        "models/2025.toml",
        include_str!("../models/2025.toml"),
    ),
    (
        "2021",
        "models/2021.toml",
        include_str!("../models/2021.toml"),
    ),
];

impl Model {
    /// A model shipped with the crate: `"2025"` (the default) or `"2021"`.
    pub fn builtin(id: &str) -> Option<Model> {
        let (_, path, text) = BUILTINS.iter().find(|(builtin, _, _)| *builtin == id)?;
        Some(Model::parse(path, text).expect("builtin models are valid (tested)"))
    }

    /// The ids of the models shipped with the crate, the default first.
    pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
        BUILTINS.iter().map(|(id, _, _)| *id)
    }

    /// The 2025 model.
    pub fn default_model() -> Model {
        Model::builtin("2025").expect("the 2025 model is built in")
    }
}
