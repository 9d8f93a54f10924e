//! Placeholders written `{{ name }}` in a template (the variables of saved replies and
//! signatures, the interface's messages): the template cut into its text and its placeholders.
//! Any text is a template: a `{{` never closed is text, and nothing here fails.

/// A piece of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// What stands between `{{` and the first `}}` after it (untrimmed), and the placeholder as
    /// written, braces included.
    Placeholder {
        inside: &'a str,
        written: &'a str,
    },
}

/// The pieces of `template`, in order; written one after another, they are the template.
pub fn pieces(template: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = template;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (piece, length) = match rest.find("{{") {
            Some(0) => match rest[2..].find("}}") {
                Some(close) => (Piece::Placeholder { inside: &rest[2..2 + close], written: &rest[..close + 4] }, close + 4),
                None => (Piece::Text(rest), rest.len()),
            },
            Some(open) => (Piece::Text(&rest[..open]), open),
            None => (Piece::Text(rest), rest.len()),
        };
        rest = &rest[length..];
        Some(piece)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(template: &str) -> String {
        pieces(template)
            .map(|p| match p {
                Piece::Text(t) => t,
                Piece::Placeholder { written, .. } => written,
            })
            .collect()
    }

    #[test]
    fn a_template_is_cut_into_text_and_placeholders() {
        let cut: Vec<Piece> = pieces("Hi {{ name }}, {{x|y}}!").collect();
        assert_eq!(
            cut,
            [
                Piece::Text("Hi "),
                Piece::Placeholder { inside: " name ", written: "{{ name }}" },
                Piece::Text(", "),
                Piece::Placeholder { inside: "x|y", written: "{{x|y}}" },
                Piece::Text("!"),
            ]
        );
        assert_eq!(pieces("a {{ b").collect::<Vec<_>>(), [Piece::Text("a "), Piece::Text("{{ b")]);
        assert_eq!(pieces("{{{}}}").next(), Some(Piece::Placeholder { inside: "{", written: "{{{}}" }));
    }

    #[test]
    fn any_text_is_cut_without_panicking_and_written_back_whole() {
        let odd = ["", "{", "{{", "}}", "{{}}", "{{{{}}}}", "é{{é}}é", "{{ x }}}", "🙂{{🙂", "}{{}{}}{", "{{\u{0}}}"];
        for template in odd {
            assert_eq!(written(template), template);
        }
        // Every string over a small alphabet of braces and a multi-byte letter, up to 6 long.
        let alphabet = ['{', '}', 'é', ' '];
        let mut templates = vec![String::new()];
        for _ in 0..6 {
            templates = templates.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            for template in &templates {
                assert_eq!(&written(template), template);
            }
        }
    }
}
