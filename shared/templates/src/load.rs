//! Finding and reading templates: the builtin ones (compiled in from `templates/`) and
//! a user's own file, both checked the same way.

use std::collections::HashSet;
use std::path::Path;

use govtrack_events::EntityId;

use crate::error::TemplateError;
use crate::format::Template;

/// The builtin templates: `(name, TOML text)`, in the order `list` shows them.
const BUILTIN: &[(&str, &str)] = &[(
    "leadership-buy-in",
    include_str!("../templates/leadership-buy-in.toml"),
)];

/// The names of the builtin templates.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(name, _)| *name).collect()
}

/// Every builtin template, parsed and checked.
pub fn builtin_templates() -> Result<Vec<Template>, TemplateError> {
    BUILTIN.iter().map(|(name, _)| builtin(name)).collect()
}

/// The builtin template called `name`.
pub fn builtin(name: &str) -> Result<Template, TemplateError> {
    let (_, text) =
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| TemplateError::UnknownTemplate {
                name: name.to_owned(),
                known: builtin_names().join(", "),
            })?;
    parse(text, &format!("builtin:{name}"))
}

/// A user's template file.
pub fn load(path: &Path) -> Result<Template, TemplateError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| TemplateError::Unreadable {
        file: file.clone(),
        reason: e.to_string(),
    })?;
    parse(&text, &file)
}

/// A builtin name, or else a path to a file: what `govtrack template apply X` means.
pub fn resolve(name_or_path: &str) -> Result<Template, TemplateError> {
    if builtin_names().contains(&name_or_path) {
        builtin(name_or_path)
    } else if name_or_path.ends_with(".toml") || name_or_path.contains(['/', '\\']) {
        load(Path::new(name_or_path))
    } else {
        builtin(name_or_path)
    }
}

/// Parses template TOML; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Template, TemplateError> {
    let template: Template = toml::from_str(text).map_err(|e| TemplateError::Syntax {
        file: file.to_owned(),
        reason: e.to_string().trim_end().to_owned(),
    })?;
    check(&template).map_err(|(field, reason)| TemplateError::Invalid {
        file: file.to_owned(),
        field,
        reason,
    })?;
    Ok(template)
}

/// `(field, reason)` of the first unusable value.
type Fault = (String, String);

/// Ids are entity ids, unique per kind; a key result's objective exists.
fn check(t: &Template) -> Result<(), Fault> {
    slug("name", &t.name)?;
    if t.objectives.is_empty() {
        return Err(("objectives".into(), "a template needs an objective".into()));
    }
    let mut objectives = HashSet::new();
    let mut initiatives = HashSet::new();
    for (i, o) in t.objectives.iter().enumerate() {
        unique(&mut objectives, &format!("objectives[{i}].id"), &o.id)?;
        for (j, init) in o.initiatives.iter().enumerate() {
            let field = format!("objectives[{i}].initiatives[{j}].id");
            unique(&mut initiatives, &field, &init.id)?;
        }
    }
    let mut key_results = HashSet::new();
    for (i, k) in t.key_results.iter().enumerate() {
        unique(&mut key_results, &format!("key_results[{i}].id"), &k.id)?;
        if let Some(o) = k.objective.as_deref().filter(|o| !objectives.contains(o)) {
            let reason = format!("no objective {o:?} in this template");
            return Err((format!("key_results[{i}].objective"), reason));
        }
        if k.baseline.is_some_and(|b| !b.is_finite()) {
            let reason = "must be a finite number".to_owned();
            return Err((format!("key_results[{i}].baseline"), reason));
        }
    }
    Ok(())
}

fn slug(field: &str, id: &str) -> Result<(), Fault> {
    EntityId::check(id).map_err(|e| (field.to_owned(), e.to_string()))
}

fn unique<'a>(seen: &mut HashSet<&'a str>, field: &str, id: &'a str) -> Result<(), Fault> {
    slug(field, id)?;
    if seen.insert(id) {
        Ok(())
    } else {
        Err((field.to_owned(), format!("{id:?} is used twice")))
    }
}
