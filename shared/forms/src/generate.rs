//! A type's JSON Schema (as schemars writes the catalogue's) into fields: `$ref`s to
//! `$defs` followed, optional values (`["integer", "null"]`, `anyOf: [{$ref}, null]`)
//! unwrapped, nested objects flattened into dotted names.

use serde_json::{Map, Value};

use crate::field::{Choice, Field, Group, Input};
use crate::words::{choice_label, label_and_help};

/// `(field, reason)` of a schema shape that has no input.
pub type Unsupported = (String, String);

/// Fields that take a paragraph rather than a line.
const PARAGRAPHS: [&str; 4] = ["note", "description", "reason", "error"];

/// What a schema becomes: the fields, and the nested objects they sit in.
#[derive(Debug, Default)]
pub struct Generated {
    pub fields: Vec<Field>,
    pub groups: Vec<Group>,
}

/// The fields of an object schema with its `$defs`.
pub fn fields_of(schema: &Value) -> Result<Generated, Unsupported> {
    let defs = schema.get("$defs").and_then(Value::as_object);
    let mut out = Generated::default();
    object(
        schema,
        &Scope {
            defs,
            prefix: "",
            required: true,
        },
        &mut out,
    )?;
    Ok(out)
}

/// Where an object sits: the `$defs` to resolve against, the dotted prefix of its
/// fields, and whether the object itself is required.
struct Scope<'a> {
    defs: Option<&'a Map<String, Value>>,
    prefix: &'a str,
    required: bool,
}

/// A property with its `$ref` or optional wrapper resolved.
struct Resolved<'a> {
    shape: &'a Value,
    /// The property's own description, else its definition's.
    description: Option<&'a str>,
    /// `null` is allowed.
    nullable: bool,
}

fn object(schema: &Value, scope: &Scope<'_>, out: &mut Generated) -> Result<(), Unsupported> {
    let unsupported = |why: &str| {
        (
            scope.prefix.trim_end_matches('.').to_owned(),
            why.to_owned(),
        )
    };
    let properties = (schema.get("properties").and_then(Value::as_object))
        .ok_or_else(|| unsupported("an object without properties"))?;
    let required: Vec<&str> = (schema.get("required").and_then(Value::as_array))
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let optional = properties
        .keys()
        .filter(|k| !required.contains(&k.as_str()));
    let order: Vec<&str> = (required.iter().copied())
        .chain(optional.map(String::as_str))
        .collect();
    for name in order {
        let property = &properties[name];
        let path = format!("{}{name}", scope.prefix);
        let resolved = resolve(property, scope.defs)
            .ok_or_else(|| (path.clone(), "an unresolvable $ref".to_owned()))?;
        let required = scope.required && required.contains(&name) && !resolved.nullable;
        if resolved.shape.get("properties").is_some() {
            let (label, help) = label_and_help(&path, resolved.description);
            out.groups.push(Group {
                name: path.clone(),
                label,
                help,
                required,
            });
            let prefix = format!("{path}.");
            let inner = Scope {
                defs: scope.defs,
                prefix: &prefix,
                required,
            };
            object(resolved.shape, &inner, out)?;
            continue;
        }
        let input = input(&resolved, scope.defs).map_err(|why| (path.clone(), why))?;
        out.fields.push(field(path, &resolved, required, input));
    }
    Ok(())
}

fn field(name: String, resolved: &Resolved<'_>, required: bool, input: Input) -> Field {
    let (label, mut help) = label_and_help(&name, resolved.description);
    // "e.g. `["it_leadership", "hr"]`" helps no one who ticks boxes.
    let listed = matches!(
        input,
        Input::Choice(_) | Input::Choices(_) | Input::YesNo | Input::Check
    );
    if listed && help.as_deref().is_some_and(|h| h.starts_with("e.g.")) {
        help = None;
    }
    let input = match input {
        Input::Text { pattern, .. } => {
            let last = name.rsplit('.').next().unwrap_or(&name);
            Input::Text {
                multiline: PARAGRAPHS.contains(&last),
                pattern,
            }
        }
        other => other,
    };
    Field {
        name,
        label,
        help,
        required,
        input,
    }
}

/// Follows `$ref` and unwraps `anyOf: [X, {"type": "null"}]`.
fn resolve<'a>(property: &'a Value, defs: Option<&'a Map<String, Value>>) -> Option<Resolved<'a>> {
    let own = property.get("description").and_then(Value::as_str);
    if let Some(reference) = property.get("$ref").and_then(Value::as_str) {
        let target = defs?.get(reference.strip_prefix("#/$defs/")?)?;
        let inner = resolve(target, defs)?;
        return Some(Resolved {
            description: own.or(inner.description),
            ..inner
        });
    }
    if let Some(any) = property.get("anyOf").and_then(Value::as_array) {
        let null = |v: &&Value| v.get("type").and_then(Value::as_str) == Some("null");
        let (nulls, others): (Vec<&Value>, Vec<&Value>) = any.iter().partition(null);
        if let ([other], false) = (others.as_slice(), nulls.is_empty()) {
            let inner = resolve(other, defs)?;
            return Some(Resolved {
                description: own.or(inner.description),
                nullable: true,
                ..inner
            });
        }
    }
    let nullable = (property.get("type").and_then(Value::as_array))
        .is_some_and(|types| types.iter().any(|t| t == "null"));
    Some(Resolved {
        shape: property,
        description: own,
        nullable,
    })
}

/// The schema's type: `"string"`, or the non-null one of `["string", "null"]`.
fn type_of(shape: &Value) -> Option<&str> {
    match shape.get("type")? {
        Value::String(t) => Some(t),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ => None,
    }
}

fn input(resolved: &Resolved<'_>, defs: Option<&Map<String, Value>>) -> Result<Input, String> {
    let shape = resolved.shape;
    if let Some(choices) = choices(shape) {
        return Ok(Input::Choice(choices));
    }
    let number = |integer| Input::Number {
        integer,
        min: shape.get("minimum").and_then(Value::as_f64),
        max: shape.get("maximum").and_then(Value::as_f64),
    };
    match type_of(shape) {
        Some("string") => Ok(match shape.get("format").and_then(Value::as_str) {
            Some("date") => Input::Date,
            Some("date-time") => Input::DateTime,
            _ => Input::Text {
                multiline: false,
                pattern: shape
                    .get("pattern")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            },
        }),
        Some("integer") => Ok(number(true)),
        Some("number") => Ok(number(false)),
        Some("boolean") if resolved.nullable => Ok(Input::YesNo),
        Some("boolean") => Ok(Input::Check),
        Some("array") => {
            let items = shape.get("items").ok_or("a list without items")?;
            let item = resolve(items, defs).ok_or("a list of an unresolvable $ref")?;
            match (choices(item.shape), type_of(item.shape)) {
                (Some(choices), _) => Ok(Input::Choices(choices)),
                (None, Some("string")) => Ok(Input::Lines),
                _ => Err("a list of neither words nor text".to_owned()),
            }
        }
        other => Err(format!("no input for a value of type {other:?}")),
    }
}

/// The words of a closed list: `oneOf` of `const`s, or `enum`.
fn choices(shape: &Value) -> Option<Vec<Choice>> {
    if let Some(one_of) = shape.get("oneOf").and_then(Value::as_array) {
        return one_of
            .iter()
            .map(|option| {
                let value = option.get("const")?.as_str()?;
                let description = option.get("description").and_then(Value::as_str);
                Some(Choice {
                    value: value.to_owned(),
                    label: choice_label(value, description),
                })
            })
            .collect();
    }
    let values = shape.get("enum")?.as_array()?;
    values
        .iter()
        .map(|v| {
            let value = v.as_str()?;
            Some(Choice {
                value: value.to_owned(),
                label: choice_label(value, None),
            })
        })
        .collect()
}
