//! The PDF export, typeset by Typst from an in-memory world: one template
//! compiled into the binary that renders the shared [`Layout`] (its only
//! data file, as JSON), and
//! the bundled DejaVu Sans fonts (no system fonts), so that the same
//! snapshot gives the same PDF on every machine. The PDF is PDF/A-2a
//! (archivable and tagged for screen readers).

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::SnapshotError;
use super::layout::Layout;

const TEMPLATE: &str = include_str!("snapshot.typ");
const DATA_PATH: &str = "/data.json";
const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The fonts and standard library, loaded once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = [FONT_REGULAR, FONT_BOLD]
        .into_iter()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

struct SnapshotWorld {
    main: Source,
    data: Bytes,
    today: Option<Datetime>,
}

impl World for SnapshotWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id.vpath() == &VirtualPath::new(DATA_PATH) {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        self.today
    }
}

/// The snapshot's date as a Typst date.
fn snapshot_date(layout: &Layout) -> Option<Datetime> {
    let date: jiff::civil::Date = layout.meta.date.parse().ok()?;
    Datetime::from_ymd(
        i32::from(date.year()),
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
}

/// Renders the PDF of `layout`.
pub(super) fn render(layout: &Layout) -> Result<Vec<u8>, SnapshotError> {
    let data = serde_json::to_vec(layout).map_err(|e| SnapshotError::Render(e.to_string()))?;
    let today = snapshot_date(layout);
    let world = SnapshotWorld {
        main: Source::new(
            FileId::new(None, VirtualPath::new("/snapshot.typ")),
            TEMPLATE.to_owned(),
        ),
        data: Bytes::new(data),
        today,
    };
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| SnapshotError::Render(describe(&errors)))?;
    let standards = PdfStandards::new(&[PdfStandard::A_2a])
        .map_err(|e| SnapshotError::Render(e.to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(layout.meta.ident.as_str()),
        timestamp: today.map(Timestamp::new_utc),
        page_ranges: None,
        standards,
        tagged: true,
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| SnapshotError::Render(describe(&errors)))
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}
