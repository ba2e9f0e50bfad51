//! Types described by `schemars` (the event catalogue's, in `govtrack-events`) inside a
//! utoipa document, without describing them twice.
//!
//! [`schemars_schema!`](crate::schemars_schema) declares a stand-in type that utoipa
//! takes like any `ToSchema` type (`body = EnvelopeSchema`, `value_type =
//! Option<HorizonSchema>`). Its component is a placeholder that carries the schemars
//! schema; [`finish`](super::finish) swaps the schema in.

use utoipa::openapi::RefOr;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::schema::{Object, Schema};

/// The extension a placeholder carries its schemars schema in.
pub(crate) const SCHEMARS_EXTENSION: &str = "x-schemars";

/// Where a schemars schema points at its own definitions.
pub(crate) const DEFS_REF: &str = "#/$defs/";

/// The placeholder component of a schemars schema (see the module's doc).
pub fn placeholder(schema: schemars::Schema) -> RefOr<Schema> {
    let mut object = Object::new();
    object.extensions = Some(Extensions::from_iter([(
        SCHEMARS_EXTENSION,
        schema.to_value(),
    )]));
    RefOr::T(Schema::Object(object))
}

/// `schemars_schema!(pub EnvelopeSchema = govtrack_events::Envelope);` declares
/// `EnvelopeSchema`, which stands for `Envelope` in utoipa's attributes; the document
/// names its component as schemars names the type.
#[macro_export]
macro_rules! schemars_schema {
    ($(#[$meta:meta])* $vis:vis $name:ident = $ty:ty) => {
        $(#[$meta])*
        $vis struct $name;

        impl $crate::openapi::utoipa::PartialSchema for $name {
            fn schema() -> $crate::openapi::utoipa::openapi::RefOr<
                $crate::openapi::utoipa::openapi::schema::Schema,
            > {
                $crate::openapi::placeholder($crate::openapi::schemars::schema_for!($ty))
            }
        }

        impl $crate::openapi::utoipa::ToSchema for $name {
            fn name() -> ::std::borrow::Cow<'static, str> {
                <$ty as $crate::openapi::schemars::JsonSchema>::schema_name()
            }
        }
    };
}
