//! The kinds of landmark a portal maps and measures distances to (seaports, airports,
//! border gates...): the `landmarks:` section of the schema. Each kind has a label per
//! language, the symbol the map draws it with and the flags a landmark of it may carry
//! (`deep_water`), each with its own label. The engine names none of them: a distance
//! fact says which kind it measures to (`distance_to:` in [`super::facts`]).

use super::read::{read_label, Reader};
use super::Term;
use crate::content::yaml::Node;
use crate::diagnostics::closest;

/// A kind of landmark.
#[derive(Debug, Clone, PartialEq)]
pub struct LandmarkKind {
    /// Key and label (`seaport`, "Seaport").
    pub term: Term,
    /// How the map draws it.
    pub symbol: Symbol,
    /// Flags a landmark of this kind may carry, each with its label
    /// (`deep_water`: "Deep-water port").
    pub flags: Vec<Term>,
}

impl LandmarkKind {
    /// The flag with this key.
    pub fn flag(&self, key: &str) -> Option<&Term> {
        self.flags.iter().find(|flag| flag.key == key)
    }
}

/// A map symbol for a kind of landmark. Records have their own shapes (circle,
/// square, triangle, diamond), so these are the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Symbol {
    /// A five-pointed star.
    Star,
    /// A plus sign.
    Plus,
    /// A diagonal cross.
    Cross,
    /// A hexagon.
    Hexagon,
    /// A triangle pointing down.
    DownTriangle,
    /// A pentagon.
    Pentagon,
}

impl Symbol {
    /// Every symbol with the word the schema uses, in the order kinds without a
    /// `symbol:` get them.
    pub const ALL: [(Symbol, &'static str); 6] = [
        (Symbol::Hexagon, "hexagon"),
        (Symbol::Plus, "plus"),
        (Symbol::Cross, "cross"),
        (Symbol::DownTriangle, "down_triangle"),
        (Symbol::Star, "star"),
        (Symbol::Pentagon, "pentagon"),
    ];
}

impl Reader<'_> {
    /// `landmarks:`: key -> a label, or `{label, symbol, flags}`.
    pub(super) fn landmark_kinds(&mut self, node: &Node<'_>) -> Vec<LandmarkKind> {
        let mut index = 0;
        self.entries(node, "landmark kind", |reader, term, mut fields| {
            let given = fields
                .as_mut()
                .and_then(|fields| fields.get("symbol"))
                .and_then(|node| reader.symbol(&node));
            let flags = fields
                .and_then(|fields| fields.get("flags"))
                .map(|node| reader.flag_terms(&node))
                .unwrap_or_default();
            let symbol = given.unwrap_or(Symbol::ALL[index % Symbol::ALL.len()].0);
            index += 1;
            LandmarkKind {
                term,
                symbol,
                flags,
            }
        })
    }

    fn symbol(&mut self, node: &Node<'_>) -> Option<Symbol> {
        let word = node.text(self.diagnostics)?;
        let words = Symbol::ALL.map(|(_, word)| word);
        if let Some((symbol, _)) = Symbol::ALL.iter().find(|(_, known)| *known == word) {
            return Some(*symbol);
        }
        let help = match closest(&word, words) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the symbols are {}", words.join(", ")),
        };
        self.diagnostics.push(
            node.error("E0701", format!("unknown map symbol `{word}`"))
                .with_help(help),
        );
        None
    }

    fn flag_terms(&mut self, node: &Node<'_>) -> Vec<Term> {
        let Some(mut fields) = node.fields(self.diagnostics) else {
            return Vec::new();
        };
        let mut flags = Vec::new();
        for (key, child) in fields.entries(self.diagnostics) {
            if !crate::i18n::is_slug(&key.replace('_', "-")) {
                self.diagnostics.push(
                    child
                        .error("E0107", format!("flag `{key}` is not a valid key"))
                        .with_help(
                            "use lower-case ASCII letters, digits and `_`, e.g. `deep_water`",
                        ),
                );
                continue;
            }
            let label = read_label(&child, self.languages, self.diagnostics);
            flags.push(Term { key, label });
        }
        flags
    }
}
