//! `#[derive(Read)]`: a type's reader for `lernort-json`, generated from the type and the
//! serde attributes it already carries for the native tools — so the type is the one
//! declaration of its format, and adding a field is one edit.
//!
//! What it reads, as serde's derive does for the same attributes:
//! - a struct with named fields as an object: each field under its name, renamed by
//!   `rename_all` (`camelCase`, `lowercase`, `snake_case`) or `rename`; a field of type
//!   `Option<_>` may be missing or `null`; `default` and `default = "path"` fill a missing
//!   field; any other missing field is an error naming it; unknown fields are skipped, or
//!   refused with `deny_unknown_fields`;
//! - a struct with one unnamed field as that field (a newtype, `transparent` or not);
//! - an enum of unit variants as one of its words (`rename_all`, `rename`).
//!
//! One attribute of its own: `#[read(skip_unknown_fields)]` on a struct skips unknown
//! fields although serde refuses them (`deny_unknown_fields`): the app reads what a newer
//! server may send, while the server's own files are held to the format.
//!
//! Anything else (`untagged`, `flatten`, data-carrying variants) is a compile error that
//! says so: such a type implements `lernort_json::Read` by hand. The generated code calls
//! the same `Reader` methods a hand-written reader would; measured against the readers it
//! replaced, it costs each bundle 0.8–1.5 KiB gzip more (ARCHITECTURE.md, measured choices).

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::{parse_macro_input, Data, DeriveInput, Error, Fields, LitStr, Type};

/// Derives `lernort_json::Read` (see the crate's documentation).
#[proc_macro_derive(Read, attributes(serde, read))]
pub fn derive_read(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// What the serde attributes of one item say, of what this derive understands.
#[derive(Default)]
struct Attrs {
    rename: Option<String>,
    rename_all: Option<String>,
    default: Option<Option<syn::Path>>,
    deny_unknown_fields: bool,
    transparent: bool,
    skip_unknown_fields: bool,
}

fn attrs(list: &[syn::Attribute]) -> syn::Result<Attrs> {
    let mut out = Attrs::default();
    for attr in list.iter().filter(|a| a.path().is_ident("read")) {
        attr.parse_nested_meta(|meta| match meta.path.is_ident("skip_unknown_fields") {
            true => {
                out.skip_unknown_fields = true;
                Ok(())
            }
            false => Err(meta.error("#[read(…)] knows only skip_unknown_fields")),
        })?;
    }
    for attr in list.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let name = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
            match name.as_str() {
                "rename" => out.rename = Some(meta.value()?.parse::<LitStr>()?.value()),
                "rename_all" => out.rename_all = Some(meta.value()?.parse::<LitStr>()?.value()),
                "deny_unknown_fields" => out.deny_unknown_fields = true,
                // On a struct of one field: read as that field.
                "transparent" => out.transparent = true,
                "default" => {
                    out.default = Some(match meta.input.peek(syn::Token![=]) {
                        true => Some(meta.value()?.parse::<LitStr>()?.parse()?),
                        false => None,
                    })
                }
                // Only for writing: nothing to read.
                "skip_serializing_if" => {
                    meta.value()?.parse::<LitStr>()?;
                }
                other => {
                    return Err(meta.error(format!(
                        "#[serde({other})] is not understood by #[derive(Read)]: implement lernort_json::Read by hand"
                    )))
                }
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// A Rust name as its JSON key under `rule`, as serde renames it: fields are snake_case
/// (`lowercase` and `snake_case` leave them as they are), variants PascalCase.
fn renamed(name: &str, rule: Option<&str>, span: Span) -> syn::Result<String> {
    let field = name.chars().next().is_some_and(char::is_lowercase);
    let words: Vec<String> = if field {
        name.split('_').map(str::to_string).collect()
    } else {
        let mut words: Vec<String> = Vec::new();
        for c in name.chars() {
            if c.is_uppercase() || words.is_empty() {
                words.push(String::new());
            }
            if let Some(word) = words.last_mut() {
                word.extend(c.to_lowercase());
            }
        }
        words
    };
    Ok(match rule {
        None => name.to_string(),
        Some("lowercase" | "snake_case") if field => name.to_string(),
        Some("lowercase") => words.concat(),
        Some("snake_case") => words.join("_"),
        Some("camelCase") => words
            .iter()
            .enumerate()
            .map(|(i, w)| match i {
                0 => w.clone(),
                _ => w[..1].to_uppercase() + &w[1..],
            })
            .collect(),
        Some(other) => {
            return Err(Error::new(
                span,
                format!("rename_all = \"{other}\" is not understood by #[derive(Read)]"),
            ))
        }
    })
}

/// Whether `ty` is written `Option<…>`: such a field may be missing or `null`.
fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    let container = attrs(&input.attrs)?;
    let body = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => object(&container, fields)?,
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                quote! { ::core::result::Result::Ok(Self(::lernort_json::Read::read(r)?)) }
            }
            _ => {
                return Err(Error::new_spanned(
                    name,
                    "#[derive(Read)]: a struct with named fields or one unnamed field",
                ))
            }
        },
        Data::Enum(data) => {
            let mut words = Vec::new();
            let mut variants = Vec::new();
            for variant in &data.variants {
                if !matches!(variant.fields, Fields::Unit) {
                    return Err(Error::new_spanned(
                        variant,
                        "#[derive(Read)]: only unit variants (words)",
                    ));
                }
                let own = attrs(&variant.attrs)?;
                let word = match own.rename {
                    Some(word) => word,
                    None => renamed(
                        &variant.ident.to_string(),
                        container.rename_all.as_deref(),
                        variant.ident.span(),
                    )?,
                };
                words.push(word);
                let ident = &variant.ident;
                variants.push(quote! { Self::#ident });
            }
            quote! { r.word(&[#(#words),*], &[#(#variants),*]) }
        }
        Data::Union(_) => return Err(Error::new_spanned(name, "#[derive(Read)]: not for unions")),
    };
    Ok(quote! {
        impl #impl_generics ::lernort_json::Read for #name #type_generics #where_clause {
            fn read(r: &mut ::lernort_json::Reader<'_>) -> ::lernort_json::Result<Self> {
                #body
            }
        }
    })
}

fn object(container: &Attrs, fields: &syn::FieldsNamed) -> syn::Result<Tokens> {
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut finish = Vec::new();
    for (i, field) in fields.named.iter().enumerate() {
        let ident = field.ident.as_ref().expect("named");
        let ty = &field.ty;
        let own = attrs(&field.attrs)?;
        let key = match own.rename {
            Some(key) => key,
            None => renamed(
                &ident.to_string(),
                container.rename_all.as_deref(),
                ident.span(),
            )?,
        };
        let slot = syn::Ident::new(&format!("field_{i}"), Span::call_site());
        if is_option(ty) && own.default.is_none() {
            // Missing or null: None.
            slots.push(quote! { let mut #slot: #ty = ::core::option::Option::None; });
            arms.push(quote! { #key => #slot = ::lernort_json::Read::read(r)?, });
            finish.push(quote! { #ident: #slot });
            continue;
        }
        // A field with a default starts as that default: no `Option` around it and no
        // unwrapping at the end (less code in the wasm).
        let start = match (&own.default, &container.default) {
            (Some(Some(path)), _) => Some(quote! { #path() }),
            (Some(None), _) => Some(quote! { ::core::default::Default::default() }),
            (None, Some(_)) => Some(quote! { ::core::mem::take(&mut defaults.#ident) }),
            (None, None) => None,
        };
        let value = match start {
            Some(start) => {
                slots.push(quote! { let mut #slot: #ty = #start; });
                arms.push(quote! { #key => #slot = ::lernort_json::Read::read(r)?, });
                quote! { #slot }
            }
            None => {
                slots.push(quote! { let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None; });
                arms.push(quote! { #key => #slot = ::core::option::Option::Some(::lernort_json::Read::read(r)?), });
                quote! { r.need(#slot, #key)? }
            }
        };
        finish.push(quote! { #ident: #value });
    }
    let unknown = if container.deny_unknown_fields && !container.skip_unknown_fields {
        quote! { other => return ::core::result::Result::Err(r.unknown_field(other)), }
    } else {
        quote! { _ => r.skip()?, }
    };
    let defaults = match &container.default {
        Some(Some(path)) => quote! { let mut defaults: Self = #path(); },
        Some(None) => quote! { let mut defaults: Self = ::core::default::Default::default(); },
        None => quote! {},
    };
    Ok(quote! {
        #defaults
        #(#slots)*
        r.object(|r, key| {
            match key {
                #(#arms)*
                #unknown
            }
            ::core::result::Result::Ok(())
        })?;
        ::core::result::Result::Ok(Self { #(#finish),* })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys serde writes for the same names and rules.
    #[test]
    fn names_are_renamed_as_serde_renames_them() {
        let key = |name, rule| renamed(name, rule, Span::call_site()).unwrap();
        assert_eq!(key("step_free", Some("camelCase")), "stepFree");
        assert_eq!(key("step_free", Some("lowercase")), "step_free");
        assert_eq!(key("step_free", Some("snake_case")), "step_free");
        assert_eq!(key("step_free", None), "step_free");
        assert_eq!(key("NotYetOpen", Some("camelCase")), "notYetOpen");
        assert_eq!(key("NotYetOpen", Some("lowercase")), "notyetopen");
        assert_eq!(key("NotYetOpen", Some("snake_case")), "not_yet_open");
        assert_eq!(key("Mon", Some("lowercase")), "mon");
        assert_eq!(key("Mon", None), "Mon");
        assert!(renamed("a", Some("SCREAMING_SNAKE_CASE"), Span::call_site()).is_err());
    }
}
