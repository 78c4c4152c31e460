//! Pieces: what one record contributes to a page or file that covers every record of
//! a kind: its row in a list or in the compare table, its entry in the search index,
//! its record in the open data. Such a page or file is a [`Stream`]: a start, one
//! piece per record and an end, written piece by piece. At 10,000 parks the compare
//! page is 24 MB; neither it nor the views it is made from are ever whole in memory,
//! and the pieces of each stretch are rendered in parallel. `serve` keeps the pieces
//! ([`Kept`]) between rebuilds and renders again only those of the records an edit
//! touched.

use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::content::model::Kind;
use crate::derive::DataFormat;
use crate::diagnostics::Diagnostic;

/// Which piece of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Piece {
    /// Its row in the list page of its kind (`partials/record_row.html`), in a
    /// language (the index of its code in the site's languages).
    ListRow(Kind, usize),
    /// Its row in the compare table (`partials/compare_row.html`), in a language.
    CompareRow(usize),
    /// Its document in the search index of a language.
    SearchEntry(usize),
    /// Its record in an open data file.
    Data(Kind, DataFormat),
}

impl Piece {
    /// Whether the piece shows citation numbers, which depend on every row before it.
    fn cites(self) -> bool {
        matches!(self, Piece::ListRow(..) | Piece::CompareRow(_))
    }
}

/// A page or file made of a start, one piece per record and an end.
pub struct Stream {
    /// Everything before the first piece.
    pub start: Vec<u8>,
    /// What each record contributes.
    pub piece: Piece,
    /// The records, as indexes into `site.records`, in order.
    pub records: Range<usize>,
    /// What goes between two pieces.
    pub separator: &'static [u8],
    /// The sources the page cites, in the order it numbers them (for pieces that
    /// show citation numbers: the rows number their sources as the page does).
    pub citations: Vec<String>,
    /// Everything after the last piece.
    pub end: Vec<u8>,
}

/// Where a stream's pieces stand in the page's text: a page template writes its rows
/// with `{{ rows | safe }}`, and the page is cut there. Noncharacters cannot come
/// from any file the build reads (they are dropped when read).
pub const ROWS: &str = "\u{FDEE}rows\u{FDEF}";

/// How many pieces are rendered (in parallel) before they are written.
const STRETCH: usize = 256;

impl Stream {
    /// A page rendered with [`ROWS`] where its rows go, cut there; `None` if the
    /// template does not show the rows.
    pub fn cut(page: Vec<u8>) -> Option<(Vec<u8>, Vec<u8>)> {
        let at = find(&page, ROWS.as_bytes())?;
        let end = page[at + ROWS.len()..].to_vec();
        let mut start = page;
        start.truncate(at);
        Some((start, end))
    }

    /// Writes the stream to `out`, rendering each piece with `render` (or taking it
    /// from `kept`), a stretch of pieces at a time in parallel.
    pub fn write(
        &self,
        out: &mut dyn Write,
        kept: Option<&Kept>,
        render: &(dyn Fn(usize) -> Result<Vec<u8>, Diagnostic> + Sync),
    ) -> Result<(), Failed> {
        out.write_all(&self.start)?;
        if let Some(kept) = kept {
            kept.numbered(self.piece, &self.citations);
        }
        let mut first = true;
        let mut written = 0;
        let mut from = self.records.start;
        while from < self.records.end {
            let to = (from + STRETCH).min(self.records.end);
            let pieces: Vec<Result<Arc<[u8]>, Diagnostic>> = (from..to)
                .into_par_iter()
                .map(|index| match kept {
                    Some(kept) => kept.get_or_render(self.piece, index, || render(index)),
                    None => render(index).map(Arc::from),
                })
                .collect();
            for piece in pieces {
                if !first {
                    out.write_all(self.separator)?;
                }
                first = false;
                let piece = piece?;
                out.write_all(&piece)?;
                written += piece.len() + self.separator.len();
            }
            from = to;
        }
        out.write_all(&self.end)?;
        if let Some(kept) = kept {
            lock(&kept.sizes).insert(self.piece, written);
        }
        Ok(())
    }

    /// About how many bytes the stream writes, when its pieces were written before
    /// (so that a whole file in memory is not grown by doubling).
    pub fn expected_size(&self, kept: Option<&Kept>) -> usize {
        let pieces = kept.and_then(|kept| lock(&kept.sizes).get(&self.piece).copied());
        self.start.len() + pieces.unwrap_or(0) + self.end.len()
    }
}

/// Where `needle` first is in `haystack`: its first byte is looked for byte by byte,
/// the rest compared only there (a list page's start holds a megabyte of JSON-LD at
/// 10,000 parks).
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let mut from = 0;
    while let Some(offset) = haystack[from..].iter().position(|&byte| byte == first) {
        let at = from + offset;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Why a file could not be produced.
#[derive(Debug)]
pub enum Failed {
    /// A template error.
    Template(Diagnostic),
    /// Writing failed.
    Write(io::Error),
}

impl From<io::Error> for Failed {
    fn from(error: io::Error) -> Failed {
        Failed::Write(error)
    }
}

impl From<Diagnostic> for Failed {
    fn from(diagnostic: Diagnostic) -> Failed {
        Failed::Template(diagnostic)
    }
}

/// The rendered pieces, by kind of piece and record index.
type Pieces = HashMap<(Piece, usize), Arc<[u8]>>;

/// Pieces kept between rebuilds (`serve`): after an edit, a page or file that covers
/// every record is put together from the pieces of the records the edit did not
/// touch and the few rendered again.
#[derive(Default)]
pub struct Kept {
    pieces: Mutex<Pieces>,
    /// The citation order each kind of row was rendered with: when it changes, the
    /// numbers in the rows do too.
    numbering: Mutex<HashMap<Piece, Vec<String>>>,
    /// The bytes each kind of piece came to, all records together, last time.
    sizes: Mutex<HashMap<Piece, usize>>,
}

impl Kept {
    /// Drops every piece (a change that can affect every page).
    pub fn clear(&mut self) {
        self.pieces_mut().clear();
        self.numbering_mut().clear();
    }

    /// Drops the pieces of `records` (indexes into `site.records`): records that
    /// changed, or show something that did.
    pub fn forget(&mut self, records: &[usize]) {
        if records.is_empty() {
            return;
        }
        let records: std::collections::HashSet<usize> = records.iter().copied().collect();
        self.pieces_mut()
            .retain(|(_, record), _| !records.contains(record));
    }

    /// How many pieces are kept.
    pub fn len(&self) -> usize {
        lock(&self.pieces).len()
    }

    /// Whether no piece is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Notes that the pieces of `piece` are rendered with `citations` numbered in
    /// this order; pieces rendered with another order are dropped.
    fn numbered(&self, piece: Piece, citations: &[String]) {
        if !piece.cites() {
            return;
        }
        let mut numbering = lock(&self.numbering);
        if numbering
            .get(&piece)
            .is_some_and(|known| known == citations)
        {
            return;
        }
        numbering.insert(piece, citations.to_vec());
        drop(numbering);
        lock(&self.pieces).retain(|(kept, _), _| *kept != piece);
    }

    fn get_or_render(
        &self,
        piece: Piece,
        record: usize,
        render: impl FnOnce() -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<Arc<[u8]>, Diagnostic> {
        if let Some(known) = lock(&self.pieces).get(&(piece, record)) {
            return Ok(Arc::clone(known));
        }
        let rendered: Arc<[u8]> = Arc::from(render()?);
        lock(&self.pieces).insert((piece, record), Arc::clone(&rendered));
        Ok(rendered)
    }

    fn pieces_mut(&mut self) -> &mut Pieces {
        self.pieces
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn numbering_mut(&mut self) -> &mut HashMap<Piece, Vec<String>> {
        self.numbering
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(records: Range<usize>) -> Stream {
        Stream {
            start: b"[".to_vec(),
            piece: Piece::SearchEntry(0),
            records,
            separator: b",",
            citations: Vec::new(),
            end: b"]".to_vec(),
        }
    }

    #[test]
    fn a_stream_writes_its_pieces_in_order_between_start_and_end() {
        let mut out = Vec::new();
        stream(3..700)
            .write(&mut out, None, &|index| Ok(index.to_string().into_bytes()))
            .unwrap();
        let expected: Vec<String> = (3..700).map(|index| index.to_string()).collect();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("[{}]", expected.join(","))
        );
        let mut empty = Vec::new();
        stream(5..5)
            .write(&mut empty, None, &|_| Ok(Vec::new()))
            .unwrap();
        assert_eq!(empty, b"[]");
    }

    #[test]
    fn kept_pieces_are_reused_until_forgotten() {
        let mut kept = Kept::default();
        let rendered = std::sync::atomic::AtomicUsize::new(0);
        let render = |index: usize| {
            rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(format!("<{index}>").into_bytes())
        };
        let mut first = Vec::new();
        stream(0..10)
            .write(&mut first, Some(&kept), &render)
            .unwrap();
        let mut second = Vec::new();
        stream(0..10)
            .write(&mut second, Some(&kept), &render)
            .unwrap();
        assert_eq!(first, second);
        assert_eq!(rendered.load(std::sync::atomic::Ordering::Relaxed), 10);
        kept.forget(&[4]);
        stream(0..10)
            .write(&mut second, Some(&kept), &render)
            .unwrap();
        assert_eq!(rendered.load(std::sync::atomic::Ordering::Relaxed), 11);
    }

    #[test]
    fn rows_rendered_with_other_citation_numbers_are_rendered_again() {
        let kept = Kept::default();
        let rendered = std::sync::atomic::AtomicUsize::new(0);
        let render = |index: usize| {
            rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(format!("<{index}>").into_bytes())
        };
        let mut table = Stream {
            piece: Piece::CompareRow(0),
            citations: vec!["a".into(), "b".into()],
            ..stream(0..4)
        };
        table.write(&mut Vec::new(), Some(&kept), &render).unwrap();
        table.write(&mut Vec::new(), Some(&kept), &render).unwrap();
        assert_eq!(rendered.load(std::sync::atomic::Ordering::Relaxed), 4);
        table.citations = vec!["b".into(), "a".into()];
        table.write(&mut Vec::new(), Some(&kept), &render).unwrap();
        assert_eq!(rendered.load(std::sync::atomic::Ordering::Relaxed), 8);
    }

    #[test]
    fn a_page_is_cut_where_its_rows_go() {
        let page = format!("<table>{ROWS}</table>").into_bytes();
        let (start, end) = Stream::cut(page).unwrap();
        assert_eq!(
            (start.as_slice(), end.as_slice()),
            (&b"<table>"[..], &b"</table>"[..])
        );
        assert!(Stream::cut(b"<table></table>".to_vec()).is_none());
    }
}
